using EmailPipeline.Application.Emails.ArchiveEmail;
using EmailPipeline.Consumer;

return await ServiceHost.RunAsync(args, EmailPipeline.Consumer.DependencyInjection.MetricsPort, builder =>
{
    builder.AddServiceDefaults("emailpipeline-consumer");
    builder.Services.AddApplication(typeof(ArchiveEmailCommand));
    builder.Services.AddEmailArchiving(builder.Configuration);
    builder.AddConsumerServices();

    var app = builder.Build();
    app.MapHealthEndpoints();
    app.MapMetrics().WithMetadata(HealthEndpoints.GetOrHead);
    return app;
});

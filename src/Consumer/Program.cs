using EmailPipeline.Application.Emails.ArchiveEmail;
using EmailPipeline.Consumer;
using EmailPipeline.Consumer.DeadLetters;

if (DeadLetterCommand.IsRequested(args))
{
    return await DeadLetterCommand.RunAsync(args);
}

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

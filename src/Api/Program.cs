using EmailPipeline.Api;
using EmailPipeline.Api.Emails;
using EmailPipeline.Api.Observability;
using EmailPipeline.Application.Emails.SubmitEmail;
using OpenTelemetry.Trace;

return await ServiceHost.RunAsync(args, EmailPipeline.Api.DependencyInjection.Port, builder =>
{
    builder.AddServiceDefaults("emailpipeline-api", tracing => tracing.AddAspNetCoreInstrumentation(http =>
        http.Filter = context => !RequestLogging.IsProbe(context.Request.Path)));
    builder.Services.AddApplication(typeof(SubmitEmailCommand));
    builder.Services.AddEmailIngestion(builder.Configuration);
    builder.AddApiServices();

    var app = builder.Build();
    app.UseMiddleware<RequestLogging>();
    app.UseExceptionHandler();
    app.UseStatusCodePages();
    app.UseRequestDecompression();

    app.MapEmailEndpoints();
    app.MapHealthEndpoints();
    app.MapMetrics();
    app.MapOpenApi();
    return app;
});

/// <summary>The Api's entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;

using EmailPipeline.Api;
using EmailPipeline.Api.Emails;
using EmailPipeline.Api.Errors;
using EmailPipeline.Api.Routing;
using EmailPipeline.Api.Observability;
using EmailPipeline.Application.Emails.SubmitEmail;
using EmailPipeline.Application.Emails.SubmitEmails;
using OpenTelemetry.Trace;

return await ServiceHost.RunAsync(args, EmailPipeline.Api.DependencyInjection.Port, builder =>
{
    builder.AddServiceDefaults("emailpipeline-api", tracing => tracing.AddAspNetCoreInstrumentation(http =>
        http.Filter = context => !RequestLogging.IsProbe(context.Request.Path)));
    builder.Services.AddApplication(typeof(SubmitEmailCommand), typeof(SubmitEmailsCommand));
    builder.Services.AddEmailIngestion(builder.Configuration);
    builder.AddApiServices();

    var app = builder.Build();
    app.UseMiddleware<RequestLogging>();
    app.UseExceptionHandler();
    app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
    app.Use(RequestBody.NoteBrotliAsync);
    app.UseRequestDecompression();

    app.MapEmailEndpoints();
    app.MapHealthEndpoints();
    app.MapMetrics().WithMetadata(HealthEndpoints.GetOrHead);
    // One document, at one address: any other name is an unknown path, answered as every 404 is.
    app.MapOpenApi("/openapi/v1.json").WithMetadata(HealthEndpoints.GetOrHead);
    app.MapMethodNotAllowed();
    return app;
});

/// <summary>The Api's entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;

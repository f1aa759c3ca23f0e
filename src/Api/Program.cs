using EmailPipeline.Api;
using EmailPipeline.Api.Emails;
using EmailPipeline.Api.Observability;
using EmailPipeline.Application;
using EmailPipeline.Application.Emails.SubmitEmail;
using EmailPipeline.Infrastructure;
using EmailPipeline.ServiceDefaults;
using OpenTelemetry.Trace;
using Prometheus;

if (HealthCheckCommand.IsRequested(args))
{
    return await HealthCheckCommand.RunAsync(EmailPipeline.Api.DependencyInjection.PortFromEnvironment());
}

// Configuration files sit beside the assembly, wherever the service is started from.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddServiceDefaults("emailpipeline-api", tracing => tracing.AddAspNetCoreInstrumentation(http =>
    http.Filter = context => !RequestLogging.IsProbe(context.Request.Path)));
builder.Services.AddApplication(typeof(SubmitEmailCommand));
builder.Services.AddEmailIngestion(builder.Configuration);
builder.AddApiServices();

var app = builder.Build();

app.UseMiddleware<RequestLogging>();
app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapEmailEndpoints();
app.MapHealthEndpoints();
app.MapMetrics();
app.MapOpenApi();

return await app.RunServiceAsync();

/// <summary>The Api's entry point, visible to the functional tests' WebApplicationFactory.</summary>
public partial class Program;

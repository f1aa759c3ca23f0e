using EmailPipeline.Application;
using EmailPipeline.Application.Emails.ArchiveEmail;
using EmailPipeline.Consumer;
using EmailPipeline.Infrastructure;
using EmailPipeline.ServiceDefaults;
using Prometheus;

if (HealthCheckCommand.IsRequested(args))
{
    return await HealthCheckCommand.RunAsync(EmailPipeline.Consumer.DependencyInjection.PortFromEnvironment());
}

// Configuration files sit beside the assembly, wherever the service is started from.
var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.AddServiceDefaults("emailpipeline-consumer");
builder.Services.AddApplication(typeof(ArchiveEmailCommand));
builder.Services.AddEmailArchiving(builder.Configuration);
builder.AddConsumerServices();

var app = builder.Build();

app.MapHealthEndpoints();
app.MapMetrics();

return await app.RunServiceAsync();

using EmailPipeline.Application;
using EmailPipeline.Consumer;
using EmailPipeline.Consumer.Health;
using EmailPipeline.Infrastructure;
using EmailPipeline.Infrastructure.Hosting;
using Prometheus;

var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddApplication();
builder.Services.AddEmailArchiving(builder.Configuration);
builder.AddConsumerServices();

var app = builder.Build();

app.MapHealthEndpoints();
app.MapMetrics();

return await app.RunServiceAsync();

using EmailPipeline.Consumer.Archiving;
using EmailPipeline.Infrastructure.Sqs.Polling;
using EmailPipeline.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace EmailPipeline.Consumer;

public static class DependencyInjection
{
    /// <summary>The environment variable for the port of /metrics and /health.</summary>
    public const string MetricsPortVariable = "METRICS_PORT";

    public const int DefaultMetricsPort = 9090;

    /// <summary>What is the Consumer's own: what it makes of a message, and the port of its metrics.</summary>
    public static WebApplicationBuilder AddConsumerServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IQueueMessageProcessor, ArchiveEmailMessageProcessor>();

        // The host must wait for the poller's drain, and a little more for the deletes and hand-backs after it.
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<PollerOptions>>((host, poller) =>
            host.ShutdownTimeout = poller.Value.DrainTimeout + TimeSpan.FromSeconds(5));

        builder.ListenOnPort(MetricsPortVariable, DefaultMetricsPort);
        return builder;
    }

    /// <summary>The port set by <see cref="MetricsPortVariable"/>, for the <c>--health-check</c> command.</summary>
    public static int PortFromEnvironment() => ListenPort.FromEnvironment(MetricsPortVariable, DefaultMetricsPort);
}

using EmailPipeline.Consumer.Archiving;
using EmailPipeline.Infrastructure.Sqs.Polling;
using Microsoft.Extensions.Options;

namespace EmailPipeline.Consumer;

public static class DependencyInjection
{
    /// <summary>Where /metrics and /health listen: <c>METRICS_PORT</c>, 9090 by default.</summary>
    public static readonly ServicePort MetricsPort = new("METRICS_PORT", 9090);

    /// <summary>What is the Consumer's own: what it makes of a message, and how long it may take to stop.</summary>
    public static WebApplicationBuilder AddConsumerServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<IQueueMessageProcessor, ArchiveEmailMessageProcessor>();

        // The host must wait for the poller's drain, and a little more for the deletes and hand-backs after it. The
        // host reads this while it is built: settings that cannot be read leave the default, and stop the host at
        // start, where each problem is reported (exit code 2).
        builder.Services.AddOptions<HostOptions>().Configure<IOptions<PollerOptions>>((host, poller) =>
        {
            if (DrainTimeout(poller) is { } drain)
            {
                host.ShutdownTimeout = drain + TimeSpan.FromSeconds(5);
            }
        });
        return builder;
    }

    private static TimeSpan? DrainTimeout(IOptions<PollerOptions> poller)
    {
        try
        {
            return poller.Value.DrainTimeout;
        }
        catch (Exception exception) when (exception is OptionsValidationException or InvalidOperationException)
        {
            return null;
        }
    }
}

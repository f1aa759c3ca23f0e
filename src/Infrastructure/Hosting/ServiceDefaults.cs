using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace EmailPipeline.Infrastructure.Hosting;

/// <summary>What both services share as hosts: structured logs, metrics set-up, and a clean exit on bad configuration.</summary>
public static class ServiceDefaults
{
    /// <summary>
    /// JSON logs on stdout, one object per line (what CloudWatch Logs indexes), with the trace and span ids of the
    /// current activity. Only the services' own metrics, .NET's and the process's are exported.
    /// </summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(options =>
        {
            options.IncludeScopes = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        // The adapters for EventCounters and Meters would re-export what the runtime and ASP.NET measure under
        // generated names; the metrics that matter are defined by the services themselves.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressMeters = true });
        return builder;
    }

    /// <summary>
    /// Runs the host. Configuration that fails validation at start stops it with exit code 2 and one log line per
    /// problem, naming the setting; a dependency found misconfigured stops it with exit code 1.
    /// </summary>
    public static async Task<int> RunServiceAsync(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        try
        {
            await host.RunAsync();
            return Environment.ExitCode;
        }
        catch (OptionsValidationException exception)
        {
            var logger = host.Services.GetService(typeof(ILoggerFactory)) is ILoggerFactory factory
                ? factory.CreateLogger("EmailPipeline.Configuration")
                : null;
            foreach (var failure in exception.Failures)
            {
                if (logger is null)
                {
                    await Console.Error.WriteLineAsync($"Configuration error: {failure}");
                }
                else
                {
                    LogConfigurationError(logger, failure);
                }
            }

            if (host.Services.GetService(typeof(ILoggerFactory)) is IDisposable disposable)
            {
                disposable.Dispose(); // flushes the console logger before the process exits
            }

            return 2;
        }
    }

    private static void LogConfigurationError(ILogger logger, string failure) =>
        logger.LogCritical("Configuration error: {Failure}", failure);
}

using EmailPipeline.Infrastructure.Observability;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Prometheus;

namespace EmailPipeline.ServiceDefaults;

/// <summary>What both services share as hosts: structured logs, metrics set-up, and a clean exit on bad configuration.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// JSON logs on stdout, one object per line (what CloudWatch Logs indexes), with the trace and span ids of the
    /// current activity (<see cref="CompactJsonConsoleFormatter"/>). Only the services' own metrics, .NET's and the
    /// process's are exported. Traces are exported when the standard OpenTelemetry variables ask for it
    /// (<see cref="TraceExport"/>).
    /// </summary>
    /// <param name="serviceName">The default <c>service.name</c> of traces (OTEL_SERVICE_NAME overrides it).</param>
    /// <param name="tracing">Instrumentation the host adds (ASP.NET Core's, for the Api).</param>
    public static TBuilder AddServiceDefaults<TBuilder>(
        this TBuilder builder, string serviceName, Action<TracerProviderBuilder>? tracing = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(options => options.FormatterName = CompactJsonConsoleFormatter.FormatterName);
        // The formatter has no options, so it is registered as it is: AddConsoleFormatter would bind options it does
        // not have from configuration, by reflection, which a natively compiled host cannot do safely.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ConsoleFormatter, CompactJsonConsoleFormatter>());

        // Every registration is checked when the container is built, and every scope when a service is resolved:
        // a host that lacks a port of one of its use cases does not start.
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions
        {
            ValidateScopes = true,
            ValidateOnBuild = true,
        }));

        // The adapters for EventCounters and Meters would re-export what the runtime and ASP.NET measure under
        // generated names; the metrics that matter are defined by the services themselves.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions { SuppressEventCounters = true, SuppressMeters = true });
        // No exemplars: recording the current trace with every observation costs more than the dashboards use.
        Metrics.DefaultFactory.ExemplarBehavior = ExemplarBehavior.NoExemplars();

        builder.AddTracing(serviceName, tracing);
        return builder;
    }

    private static void AddTracing(this IHostApplicationBuilder builder, string serviceName, Action<TracerProviderBuilder>? tracing)
    {
        var export = TraceExport.From(builder.Configuration);
        builder.Services.AddOptions<TraceExport>()
            .Validate(_ => export.IsValid, $"{TraceExport.ExporterVariable} must be otlp, console or none, not '{export.Requested}'.")
            .ValidateOnStart();
        if (export.Exporter == TraceExporter.None)
        {
            return;
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrEmpty(builder.Configuration["OTEL_SERVICE_NAME"]))
                {
                    resource.AddService(serviceName);
                }
            })
            .WithTracing(traces =>
            {
                traces.AddSource(Tracing.SourceName);
                // Only calls made inside a traced operation: the Consumer's long polls and the Api's background
                // token reads would otherwise each be a trace of one span.
                traces.AddHttpClientInstrumentation(http => http.FilterHttpRequestMessage = _ => System.Diagnostics.Activity.Current is not null);
                tracing?.Invoke(traces);
                _ = export.Exporter == TraceExporter.Console ? traces.AddConsoleExporter() : traces.AddOtlpExporter();
            });
    }

    /// <summary>
    /// Runs the host until it stops. Configuration that fails validation at start stops it with exit code 2 and one log
    /// line per problem, naming the setting; a dependency found misconfigured stops it with exit code 1 (see
    /// <c>StartupHealthChecks</c>). Anything else that keeps it from starting (a port already taken, an AWS client that
    /// cannot be made), and a background service that fails, stop it with exit code 1 too: a process that stops on its
    /// own never says 0.
    /// </summary>
    public static async Task<int> RunServiceAsync(this IHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EmailPipeline.Service");
        try
        {
            await host.StartAsync();
            // Taken before the host stops: a host may be disposed by whoever stops it (a test server, say).
            var background = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
            await host.WaitForShutdownAsync();
            return Environment.ExitCode != 0 ? Environment.ExitCode : background.Any(service => service.ExecuteTask is { IsFaulted: true }) ? 1 : 0;
        }
        catch (Exception exception) when (ValidationFailures(exception) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
            {
                LogConfigurationError(logger, failure);
            }

            return 2;
        }
        catch (Exception exception)
        {
            LogStartFailed(logger, exception, exception.Message);
            return 1;
        }
        finally
        {
            // Disposing the host flushes the console logger.
            if (host is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else
            {
                host.Dispose();
            }
        }
    }

    /// <summary>
    /// The failures of options validation (one settings class, or several at once), or the configuration binder's
    /// refusal of a value it cannot convert (<c>Consumer__MaxConcurrency=abc</c>), else none.
    /// </summary>
    private static List<string> ValidationFailures(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        InvalidOperationException { InnerException: not null } binding
            when binding.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => [binding.Message],
        AggregateException aggregate when aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => [],
    };

    private static void LogConfigurationError(ILogger logger, string failure) =>
        logger.LogCritical("Configuration error: {Failure}", failure);

    private static void LogStartFailed(ILogger logger, Exception exception, string reason) =>
        logger.LogCritical(exception, "The service cannot start: {Reason}", reason);
}

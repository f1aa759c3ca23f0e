using EmailPipeline.Application.Common.Exceptions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EmailPipeline.Infrastructure.Health;

/// <summary>
/// Probes every dependency once the service has started. A misconfiguration (missing queue, bucket or parameter,
/// denied access, no region) stops the service with exit code 1 and a message that says what to fix; a dependency
/// that is only unreachable is logged, and the service carries on (readiness says not ready until it is).
/// </summary>
internal sealed partial class StartupChecks(
    IServiceProvider services,
    IHostApplicationLifetime lifetime,
    ILogger<StartupChecks> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Resolved here, not injected: the host builds its hosted services before it validates options, and the
        // probes' adapters read theirs. Resolving after start lets validation report every bad setting at once.
        foreach (var probe in services.GetServices<IDependencyProbe>())
        {
            try
            {
                await probe.ProbeAsync(stoppingToken);
                LogReachable(logger, probe.Name);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (DependencyUnavailableException exception)
            {
                LogUnreachable(logger, probe.Name, exception.Message);
            }
            catch (DependencyMisconfiguredException exception)
            {
                LogMisconfigured(logger, exception, probe.Name, exception.Message);
                Environment.ExitCode = 1;
                lifetime.StopApplication();
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Dependency} is reachable")]
    private static partial void LogReachable(ILogger logger, string dependency);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Dependency} is not reachable yet: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string dependency, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Dependency} is misconfigured, stopping: {Reason}")]
    private static partial void LogMisconfigured(ILogger logger, Exception exception, string dependency, string reason);
}

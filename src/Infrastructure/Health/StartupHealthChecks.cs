using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace EmailPipeline.Infrastructure.Health;

/// <summary>
/// Runs the readiness checks once the service has started: the same checks as <c>GET /health/ready</c>. A dependency
/// found misconfigured (missing queue, bucket or parameter, denied access, no region) stops the service with exit
/// code 1 and a message that says what to fix; one that is only unreachable is logged, and the service carries on
/// (readiness says not ready until it is).
/// </summary>
internal sealed partial class StartupHealthChecks(
    HealthCheckService health, IHostApplicationLifetime lifetime, ILogger<StartupHealthChecks> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        HealthReport report;
        try
        {
            report = await health.CheckHealthAsync(check => check.Tags.Contains(HealthTags.Ready), stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        foreach (var (dependency, entry) in report.Entries)
        {
            switch (entry.Exception)
            {
                case null when entry.Status == HealthStatus.Healthy:
                    LogReachable(logger, dependency);
                    break;
                case DependencyMisconfiguredException misconfigured:
                    LogMisconfigured(logger, misconfigured, dependency, misconfigured.Message);
                    Environment.ExitCode = 1;
                    lifetime.StopApplication();
                    break;
                default:
                    LogUnreachable(logger, dependency, entry.Description ?? entry.Status.ToString());
                    break;
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

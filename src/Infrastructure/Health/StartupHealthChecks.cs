using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace EmailPipeline.Infrastructure.Health;

/// <summary>
/// Runs the readiness checks once the service has started (the same checks as <c>GET /health/ready</c>), and again,
/// backing off, for each dependency that cannot be used yet, until every one can: a dependency that refuses
/// connections, hangs or answers too slowly at start is logged and retried, and readiness says not ready meanwhile;
/// the service itself keeps running (the Api answers 503 with Retry-After until then). A dependency found
/// misconfigured (missing queue, bucket or parameter, denied access, no credentials) stops the service with exit code
/// 1 and a message that says what to fix, whether at once or once it could be reached.
/// </summary>
internal sealed partial class StartupHealthChecks(
    HealthCheckService health, IHostApplicationLifetime lifetime, TimeProvider clock, ILogger<StartupHealthChecks> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(FirstRetry, LastRetry, Random.Shared);
        HashSet<string>? waiting = null; // the dependencies not ready yet; null before the first round
        while (true)
        {
            HealthReport report;
            try
            {
                report = await health.CheckHealthAsync(
                    check => check.Tags.Contains(HealthTags.Ready) && (waiting is null || waiting.Contains(check.Name)), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (AwsFailure.IsMisconfiguration(exception))
            {
                // A check that could not even be built: the SDK refused to make a client (no credentials, say).
                Stop(exception, "a dependency", exception.Message);
                return;
            }

            waiting = [];
            foreach (var (dependency, entry) in report.Entries)
            {
                if (entry.Exception is DependencyMisconfiguredException misconfigured)
                {
                    Stop(misconfigured, dependency, misconfigured.Message);
                    return;
                }

                if (entry.Status == HealthStatus.Healthy)
                {
                    LogReachable(logger, dependency, backoff.FailuresInARow + 1);
                }
                else
                {
                    waiting.Add(dependency);
                    LogUnreachable(logger, dependency, entry.Exception?.Message ?? entry.Description ?? DependencyHealth.StateOf(entry));
                }
            }

            if (waiting.Count == 0)
            {
                return;
            }

            backoff.Failed();
            if (!await Pause.ForAsync(backoff.NextDelay(), clock, stoppingToken))
            {
                return;
            }
        }
    }

    private void Stop(Exception exception, string dependency, string reason)
    {
        LogMisconfigured(logger, exception, dependency, reason);
        Environment.ExitCode = 1;
        lifetime.StopApplication();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Dependency} is reachable (attempt {Attempt})")]
    private static partial void LogReachable(ILogger logger, string dependency, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Dependency} is not reachable yet, trying again: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string dependency, string reason);

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Dependency} is misconfigured, stopping: {Reason}")]
    private static partial void LogMisconfigured(ILogger logger, Exception exception, string dependency, string reason);
}

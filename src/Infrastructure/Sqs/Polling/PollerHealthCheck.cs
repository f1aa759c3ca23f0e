using EmailPipeline.Infrastructure.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmailPipeline.Infrastructure.Sqs.Polling;

/// <summary>
/// Live while the poll loop runs and has turned within the last minute (longer than any wait it makes: a long poll
/// plus the largest back-off); not once it has stopped, failed or stalled. Tagged <see cref="HealthTags.Live"/>.
/// </summary>
internal sealed class PollerHealthCheck(PollerState state) : IHealthCheck
{
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(60);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = state.Status.ToString().ToLowerInvariant();
        return Task.FromResult(state.IsAlive(Tolerance) ? HealthCheckResult.Healthy(status) : HealthCheckResult.Unhealthy(status));
    }
}

using EmailPipeline.Infrastructure.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmailPipeline.Infrastructure.Sqs.Polling;

/// <summary>
/// Live while the poll loop runs and has turned lately; not once it has stopped, failed or stalled. Lately is a minute
/// (a long poll plus the largest back-off), plus the configured pause after an empty receive and a message's budget
/// (the longest the loop waits for room when every slot is busy): longer than any wait a healthy loop makes. Tagged
/// <see cref="HealthTags.Live"/>.
/// </summary>
internal sealed class PollerHealthCheck(PollerState state, IOptions<PollerOptions> options) : IHealthCheck
{
    private readonly TimeSpan _tolerance = TimeSpan.FromSeconds(60) + options.Value.PollInterval + options.Value.MessageTimeout;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = state.Status.ToString().ToLowerInvariant();
        return Task.FromResult(state.IsAlive(_tolerance) ? HealthCheckResult.Healthy(status) : HealthCheckResult.Unhealthy(status));
    }
}

using EmailPipeline.Infrastructure.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmailPipeline.Infrastructure.Sqs;

/// <summary>Ready when the queue exists and its attributes can be read.</summary>
internal sealed class SqsHealthCheck(IQueueClient queue) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        DependencyHealth.CheckAsync(() => queue.GetAttributesAsync(cancellationToken));
}

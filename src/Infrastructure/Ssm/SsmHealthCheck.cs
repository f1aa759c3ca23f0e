using EmailPipeline.Infrastructure.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmailPipeline.Infrastructure.Ssm;

/// <summary>
/// Ready when a token is known: read from SSM, or from the token source's cache, which also keeps health checks from
/// reading SSM more often than requests may.
/// </summary>
internal sealed class SsmHealthCheck(SsmAccessTokenSource tokens) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        DependencyHealth.CheckAsync(async () => await tokens.GetAsync(cancellationToken));
}

using EmailPipeline.Application.Common.Exceptions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmailPipeline.Infrastructure.Health;

/// <summary>A health check that passes when its probe does.</summary>
internal sealed class ProbeHealthCheck<TProbe>(TProbe probe) : IHealthCheck
    where TProbe : IDependencyProbe
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await probe.ProbeAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is DependencyMisconfiguredException or DependencyUnavailableException)
        {
            return HealthCheckResult.Unhealthy(exception.Message);
        }
    }
}

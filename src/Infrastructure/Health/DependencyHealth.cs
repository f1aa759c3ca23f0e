using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmailPipeline.Infrastructure.Health;

/// <summary>
/// A dependency's health, from one cheap use of it through its adapter: healthy when the use works; unhealthy,
/// carrying the adapter's exception, when the dependency is misconfigured or cannot be reached right now.
/// </summary>
internal static class DependencyHealth
{
    public static async Task<HealthCheckResult> CheckAsync(Func<Task> use)
    {
        try
        {
            await use();
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is DependencyMisconfiguredException or DependencyUnavailableException)
        {
            return HealthCheckResult.Unhealthy(exception.Message, exception);
        }
    }
}

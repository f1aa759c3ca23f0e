using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmailPipeline.Infrastructure.Health;

/// <summary>
/// A dependency's health, from one cheap use of it through its adapter: healthy when the use works; unhealthy,
/// carrying the adapter's exception, when the dependency is misconfigured or cannot be reached right now. What a
/// health endpoint shows of it is <see cref="StateOf"/>: a word, never an address, an exception's text or an ARN
/// (those are for the logs).
/// </summary>
public static class DependencyHealth
{
    public const string Healthy = "healthy", Unavailable = "unavailable", Misconfigured = "misconfigured", Unhealthy = "unhealthy";

    internal static async Task<HealthCheckResult> CheckAsync(Func<Task> use)
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

    /// <summary>
    /// The state of a check as a word: <see cref="Healthy"/>, <see cref="Misconfigured"/> (an operator must fix
    /// something), <see cref="Unavailable"/> (it cannot be reached or used right now), or the check's status.
    /// </summary>
    public static string StateOf(HealthReportEntry entry) => entry switch
    {
        { Status: HealthStatus.Healthy } => Healthy,
        { Exception: DependencyMisconfiguredException } => Misconfigured,
        { Exception: DependencyUnavailableException } => Unavailable,
        _ => entry.Status == HealthStatus.Degraded ? "degraded" : Unhealthy,
    };
}

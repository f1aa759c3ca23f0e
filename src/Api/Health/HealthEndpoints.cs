using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmailPipeline.Api.Health;

/// <summary>
/// <c>GET /health</c>: liveness, what the load balancer checks; 200 while the process serves requests.
/// <c>GET /health/ready</c>: readiness; 200 only when the queue and the token parameter can be reached.
/// </summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Ok(new LivenessStatus("healthy")))
            .WithTags("Health")
            .WithSummary("Liveness");

        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Infrastructure.DependencyInjection.ReadinessTag),
            ResponseWriter = WriteReadinessAsync,
        });
        return app;
    }

    private static Task WriteReadinessAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var checks = report.Entries.ToDictionary(
            entry => entry.Key,
            entry => entry.Value.Status == HealthStatus.Healthy ? "healthy" : $"unhealthy: {entry.Value.Description}");
        var status = report.Status == HealthStatus.Healthy ? "ready" : "not_ready";
        return JsonSerializer.SerializeAsync(
            context.Response.Body, new ReadinessStatus(status, checks), ApiJsonContext.Default.ReadinessStatus, context.RequestAborted);
    }
}

public sealed record LivenessStatus(string Status);

public sealed record ReadinessStatus(string Status, Dictionary<string, string> Checks);

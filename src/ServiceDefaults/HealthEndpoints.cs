using System.Text.Json;
using EmailPipeline.Infrastructure.Health;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmailPipeline.ServiceDefaults;

/// <summary>
/// The health endpoints, the framework's health checks by tag: <c>GET /health</c> liveness (<see cref="HealthTags.Live"/>:
/// 200 <c>{"status":"healthy"}</c> while the process does its work; what the load balancer and the container health
/// check ask) and <c>GET /health/ready</c> readiness (<see cref="HealthTags.Ready"/>: 200 <c>"ready"</c> when every
/// dependency can be used, 503 <c>"not_ready"</c> otherwise), each naming its checks and their state.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/health";
    public const string ReadyPath = "/health/ready";

    /// <summary>The methods of an endpoint that only reads: GET, and HEAD (RFC 9110 §9.3.2), for probes and scrapes.</summary>
    public static readonly HttpMethodMetadata GetOrHead = new([HttpMethods.Get, HttpMethods.Head]);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, Tagged(HealthTags.Live, healthy: "healthy", unhealthy: "unhealthy")).WithMetadata(GetOrHead);
        app.MapHealthChecks(ReadyPath, Tagged(HealthTags.Ready, healthy: "ready", unhealthy: "not_ready")).WithMetadata(GetOrHead);
        return app;
    }

    private static HealthCheckOptions Tagged(string tag, string healthy, string unhealthy) => new()
    {
        Predicate = check => check.Tags.Contains(tag),
        ResponseWriter = (context, report) => WriteAsync(context, report, report.Status == HealthStatus.Unhealthy ? unhealthy : healthy),
    };

    /// <summary>
    /// <c>{"status":…,"checks":{"sqs":"healthy","s3":"unavailable"}}</c>, without checks when there are none. Each check
    /// is named with its state only (<see cref="DependencyHealth.StateOf"/>): the endpoint may be reachable by anyone
    /// who reaches the service, and a failure's own text holds addresses and resource names.
    /// </summary>
    private static async Task WriteAsync(HttpContext context, HealthReport report, string status)
    {
        context.Response.ContentType = "application/json";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", status);
        if (report.Entries.Count > 0)
        {
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteString(name, DependencyHealth.StateOf(entry));
            }

            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}

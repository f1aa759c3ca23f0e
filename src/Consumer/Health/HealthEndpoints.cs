using EmailPipeline.Infrastructure.Sqs.Polling;


namespace EmailPipeline.Consumer.Health;

/// <summary><c>GET /health</c>: 200 while the poll loop is alive, 503 once it has stopped or stalled.</summary>
internal static class HealthEndpoints
{
    /// <summary>Longer than any wait the loop makes: a long poll plus the largest back-off, with margin.</summary>
    private static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(60);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", (PollerState state) => state.IsAlive(Tolerance)
            ? Results.Json(new HealthStatus("healthy", state.Status.ToString()), ConsumerJsonContext.Default.HealthStatus)
            : Results.Json(new HealthStatus("unhealthy", state.Status.ToString()), ConsumerJsonContext.Default.HealthStatus,
                statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }
}

public sealed record HealthStatus(string Status, string Poller);

namespace EmailPipeline.Infrastructure.Health;

/// <summary>What a health check decides: liveness (<c>GET /health</c>) or readiness (<c>GET /health/ready</c>).</summary>
public static class HealthTags
{
    /// <summary>The process works (the Consumer's poll loop turns); failing it, the orchestrator restarts the task.</summary>
    public const string Live = "live";

    /// <summary>A dependency can be used; failing it, the service cannot do its work now, and says so.</summary>
    public const string Ready = "ready";
}

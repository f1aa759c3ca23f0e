
namespace EmailPipeline.Infrastructure.Observability;

/// <summary>A service's requests by operation: how many, and how long each took.</summary>
internal sealed record RequestMetrics(Counter Requests, Histogram Duration);

using EmailPipeline.Infrastructure.Observability;
using Prometheus;

namespace EmailPipeline.Infrastructure.Ssm;

/// <summary>The Api's view of its token source.</summary>
internal static class TokenMetrics
{
    public static readonly Counter CacheHits = Metrics.CreateCounter(
        "token_source_cache_hits_total",
        "Token checks answered from the cached token, without reading SSM.");

    public static readonly LabelledCounter Reads = new(
        "token_source_reads_total", "Reads of the token parameter from SSM", "result", TokenReads.All);
}

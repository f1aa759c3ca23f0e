using Prometheus;

namespace EmailPipeline.Infrastructure.Observability;

/// <summary>The Api's view of its token source.</summary>
internal static class TokenMetrics
{
    public static readonly Counter CacheHits = Metrics.CreateCounter(
        "token_source_cache_hits_total",
        "Token checks answered from the cached token, without reading SSM.");

    public static readonly Counter Reads = Metrics.CreateCounter(
        "token_source_reads_total",
        "Reads of the token parameter from SSM, by result (success, failure, misconfigured).",
        new CounterConfiguration { LabelNames = ["result"] });
}

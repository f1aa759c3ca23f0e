using EmailPipeline.Infrastructure.S3;
using EmailPipeline.Infrastructure.Sqs;
using EmailPipeline.Infrastructure.Sqs.Polling;
using EmailPipeline.Infrastructure.Sqs.Publishing;
using EmailPipeline.Infrastructure.Ssm;

namespace EmailPipeline.Infrastructure.Observability;

/// <summary>
/// Creates each service's metrics at start, with every known label value, so that every series exists (at 0) from
/// the first scrape: a dashboard or alert never has to tell "nothing happened" from "no such series".
/// </summary>
public static class MetricsCatalog
{
    /// <summary>The metrics of the ingestion side (the Api's publishing and token source).</summary>
    public static void InitializeIngestion()
    {
        CreateSeries(SqsMetrics.Requests, SqsOperations.Publishing);
        PublishMetrics.Failures.CreateSeries();
        TokenMetrics.Reads.CreateSeries();
        _ = PublishMetrics.BatchSize;
        _ = PublishMetrics.Duration;
        _ = PublishMetrics.Backlog;
        _ = TokenMetrics.CacheHits;
    }

    /// <summary>The metrics of the archiving side (the Consumer's poller and archive store).</summary>
    public static void InitializeArchiving()
    {
        CreateSeries(SqsMetrics.Requests, SqsOperations.Polling);
        ConsumerMetrics.Poison.CreateSeries();
        ConsumerMetrics.Retries.CreateSeries();
        _ = ConsumerMetrics.Processed;
        _ = ArchiveMetrics.UploadsSucceeded;
    }

    private static void CreateSeries(RequestMetrics metrics, IReadOnlyList<string> operations)
    {
        foreach (var operation in operations)
        {
            metrics.Requests.WithLabels(operation);
            metrics.Duration.WithLabels(operation);
        }
    }
}

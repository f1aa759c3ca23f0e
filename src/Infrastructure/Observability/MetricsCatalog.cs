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
        foreach (var operation in new[] { "SendMessageBatch", "GetQueueAttributes" })
        {
            SqsMetrics.Requests.Requests.WithLabels(operation);
            SqsMetrics.Requests.Duration.WithLabels(operation);
        }

        foreach (var reason in new[] { "backlog_full", "timeout", "unavailable", "rejected", "misconfigured" })
        {
            PublishMetrics.Failures.WithLabels(reason);
        }

        _ = PublishMetrics.BatchSize;
        _ = PublishMetrics.Duration;
        _ = PublishMetrics.Backlog;
        _ = TokenMetrics.CacheHits;
        foreach (var result in new[] { "success", "failure", "misconfigured" })
        {
            TokenMetrics.Reads.WithLabels(result);
        }
    }

    /// <summary>The metrics of the archiving side (the Consumer's poller and archive store).</summary>
    public static void InitializeArchiving()
    {
        foreach (var operation in new[] { "ReceiveMessage", "DeleteMessageBatch", "ChangeMessageVisibilityBatch", "GetQueueAttributes" })
        {
            SqsMetrics.Requests.Requests.WithLabels(operation);
            SqsMetrics.Requests.Duration.WithLabels(operation);
        }

        foreach (var reason in new[] { "unparseable", "invalid" })
        {
            ConsumerMetrics.Poison.WithLabels(reason);
        }

        foreach (var reason in new[] { "s3_unavailable", "timeout", "shutdown", "error" })
        {
            ConsumerMetrics.Retries.WithLabels(reason);
        }

        _ = ConsumerMetrics.Processed;
        _ = ArchiveMetrics.UploadsSucceeded;
    }
}

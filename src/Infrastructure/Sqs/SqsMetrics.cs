
namespace EmailPipeline.Infrastructure.Sqs;

/// <summary>Calls to SQS, from either service: what the queue costs per email.</summary>
internal static class SqsMetrics
{
    public static readonly RequestMetrics Requests = new(
        Metrics.CreateCounter(
            "sqs_requests_total",
            "SQS API requests made, by operation (SendMessageBatch, ReceiveMessage, DeleteMessageBatch, ...).",
            new CounterConfiguration { LabelNames = ["operation"] }),
        Metrics.CreateHistogram(
            "sqs_request_duration_seconds",
            "Time taken by SQS API requests, retries included, by operation.",
            new HistogramConfiguration
            {
                LabelNames = ["operation"],
                Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25],
            }));

    /// <summary>Creates the series of each operation a service calls, so that each exists from the first scrape.</summary>
    public static void CreateSeries(IReadOnlyList<string> operations)
    {
        foreach (var operation in operations)
        {
            Requests.Requests.WithLabels(operation);
            Requests.Duration.WithLabels(operation);
        }
    }
}

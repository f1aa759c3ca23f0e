using EmailPipeline.Infrastructure.Observability;
using Prometheus;

namespace EmailPipeline.Infrastructure.Sqs.Publishing;

/// <summary>How the Api's publishing to SQS is doing.</summary>
internal static class PublishMetrics
{
    public static readonly Histogram BatchSize = Metrics.CreateHistogram(
        "sqs_publish_batch_size",
        "Emails per SendMessageBatch request.",
        new HistogramConfiguration { Buckets = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });

    public static readonly Histogram Duration = Metrics.CreateHistogram(
        "sqs_publish_duration_seconds",
        "Time from handing an email to the publisher to SQS acknowledging it (waiting for a batch included).",
        new HistogramConfiguration { Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    public static readonly LabelledCounter Failures = new(
        "sqs_publish_failures_total", "Emails that were not published", "reason", PublishFailures.All);

    public static readonly Gauge Backlog = Metrics.CreateGauge(
        "sqs_publish_backlog",
        "Emails waiting for a batch to be sent to SQS.");
}

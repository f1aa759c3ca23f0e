using EmailPipeline.Infrastructure.Observability;
using Prometheus;

namespace EmailPipeline.Infrastructure.Sqs.Polling;

/// <summary>
/// The Consumer's metrics. The first six keep the reference service's names; the rest answer "is anything lost,
/// stuck or slow?".
/// </summary>
internal static class ConsumerMetrics
{
    private static readonly double[] SecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    public static readonly Counter Processed = Metrics.CreateCounter(
        "sqs_messages_processed_total",
        "Messages whose email is safely in S3 (archived now, or found already archived).");

    public static readonly Counter Failed = Metrics.CreateCounter(
        "sqs_messages_failed_total",
        "Messages that could not be archived this time: poison messages and dependency failures alike.");

    public static readonly Histogram ProcessingDuration = Metrics.CreateHistogram(
        "message_processing_duration_seconds",
        "Time to process one message, from receipt to outcome.",
        new HistogramConfiguration { Buckets = SecondsBuckets });

    public static readonly Gauge QueueMessagesVisible = Metrics.CreateGauge(
        "sqs_queue_messages_visible",
        "Messages waiting in the queue (ApproximateNumberOfMessages), read periodically.");

    public static readonly Gauge QueueMessagesInFlight = Metrics.CreateGauge(
        "sqs_queue_messages_not_visible",
        "Messages received by some consumer and not yet deleted (ApproximateNumberOfMessagesNotVisible).");

    public static readonly Gauge QueueMessagesDelayed = Metrics.CreateGauge(
        "sqs_queue_messages_delayed",
        "Messages not yet available because of a delay (ApproximateNumberOfMessagesDelayed).");

    public static readonly Gauge DeadLetters = Metrics.CreateGauge(
        "sqs_dlq_messages_visible",
        "Messages in the dead-letter queue (its ApproximateNumberOfMessages), read periodically: emails that were not archived.");

    public static readonly Gauge InFlight = Metrics.CreateGauge(
        "consumer_messages_in_flight",
        "Messages this Consumer is processing now.");

    public static readonly Histogram ReceiveBatchSize = Metrics.CreateHistogram(
        "sqs_receive_batch_size",
        "Messages returned per ReceiveMessage request (0 for an empty receive).",
        new HistogramConfiguration { Buckets = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });

    public static readonly Histogram DeleteBatchSize = Metrics.CreateHistogram(
        "sqs_delete_batch_size",
        "Messages per DeleteMessageBatch request.",
        new HistogramConfiguration { Buckets = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });

    public static readonly Counter DeleteFailures = Metrics.CreateCounter(
        "sqs_delete_failures_total",
        "Archived messages whose delete failed; they come back and are recognised as already archived.");

    public static readonly Counter VisibilityExtensions = Metrics.CreateCounter(
        "sqs_visibility_extensions_total",
        "Visibility timeouts extended for messages still being processed.");

    public static readonly Counter Released = Metrics.CreateCounter(
        "consumer_messages_released_total",
        "Messages handed back to the queue unfinished (visibility set to 0) on shutdown.");

    public static readonly LabelledCounter Poison = new(
        "consumer_poison_messages_total", "Messages that can never be archived, left for the dead-letter queue", "reason", PoisonReasons.All);

    public static readonly LabelledCounter Retries = new(
        "consumer_message_retries_total", "Messages left for redelivery after a failure", "reason", RetryReasons.All);

    public static readonly Counter PollErrors = Metrics.CreateCounter(
        "consumer_poll_errors_total",
        "ReceiveMessage requests that failed.");

    public static readonly Gauge LastPoll = Metrics.CreateGauge(
        "consumer_last_poll_timestamp_seconds",
        "Unix time at which the poll loop last asked for messages or waited for capacity.");

    public static readonly Histogram MessageAge = Metrics.CreateHistogram(
        "sqs_message_age_at_receive_seconds",
        "Time from a message's first send to its receipt by this Consumer.",
        new HistogramConfiguration { Buckets = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600] });

    public static readonly Gauge OldestMessageAge = Metrics.CreateGauge(
        "sqs_oldest_message_age_seconds",
        "Age of the oldest message received since the last queue read (0 when none was).");
}

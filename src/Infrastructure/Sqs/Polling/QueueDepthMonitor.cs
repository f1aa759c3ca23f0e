using Microsoft.Extensions.Hosting;

namespace EmailPipeline.Infrastructure.Sqs.Polling;

/// <summary>
/// Reads the queue's depth for the metrics, at once and then every <see cref="PollerOptions.QueueStatsInterval"/>:
/// messages waiting, in flight and delayed, the dead-letter queue's messages, and the age of the oldest message
/// received since the previous read. A read that fails is skipped; the next one tries again.
/// </summary>
public sealed partial class QueueDepthMonitor(
    IQueueClient queue, ReceivedAges ages, IOptions<PollerOptions> options, TimeProvider clock, ILogger<QueueDepthMonitor> logger)
    : BackgroundService
{
    // As SQS counts them (ApproximateNumberOf...), at the last read.
    internal static readonly Gauge QueueMessagesVisible = Metrics.CreateGauge("sqs_queue_messages_visible", "Messages waiting in the queue.");
    internal static readonly Gauge QueueMessagesInFlight = Metrics.CreateGauge("sqs_queue_messages_not_visible", "Messages received and not yet deleted.");
    internal static readonly Gauge QueueMessagesDelayed = Metrics.CreateGauge("sqs_queue_messages_delayed", "Messages not yet available because of a delay.");
    internal static readonly Gauge DeadLetters = Metrics.CreateGauge(
        "sqs_dlq_messages_visible", "Messages in the dead-letter queue, read periodically: emails that were not archived.");
    internal static readonly Gauge OldestMessageAge = Metrics.CreateGauge(
        "sqs_oldest_message_age_seconds", "Age of the oldest message received since the last queue read (0 when none was).");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.QueueStatsInterval, clock);
        try
        {
            do
            {
                await ReadAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The service is stopping.
        }
    }

    /// <summary>One read of the queue's depth into the metrics.</summary>
    internal async Task ReadAsync(CancellationToken cancellationToken)
    {
        try
        {
            var attributes = await queue.GetAttributesAsync(cancellationToken);
            QueueMessagesVisible.Set(attributes.MessagesVisible);
            QueueMessagesInFlight.Set(attributes.MessagesInFlight);
            QueueMessagesDelayed.Set(attributes.MessagesDelayed);
            if (attributes.DeadLetterQueueName is { } deadLetterQueue)
            {
                DeadLetters.Set(await queue.CountDeadLettersAsync(deadLetterQueue, cancellationToken));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogReadFailed(logger, exception.Message);
        }

        OldestMessageAge.Set(ages.TakeOldest());
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading the queue's depth failed: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string reason);
}

using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

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
            ConsumerMetrics.QueueMessagesVisible.Set(attributes.MessagesVisible);
            ConsumerMetrics.QueueMessagesInFlight.Set(attributes.MessagesInFlight);
            ConsumerMetrics.QueueMessagesDelayed.Set(attributes.MessagesDelayed);
            if (attributes.DeadLetterQueueName is { } deadLetterQueue)
            {
                ConsumerMetrics.DeadLetters.Set(await queue.CountDeadLettersAsync(deadLetterQueue, cancellationToken));
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogReadFailed(logger, exception.Message);
        }

        ConsumerMetrics.OldestMessageAge.Set(ages.TakeOldest());
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading the queue's depth failed: {Reason}")]
    private static partial void LogReadFailed(ILogger logger, string reason);
}

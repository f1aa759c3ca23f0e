
namespace EmailPipeline.Infrastructure.Sqs.Polling;

/// <summary>
/// The queue's setup, read when polling starts: the visibility timeout the leases assume (unless one is configured),
/// and whether failed messages have a dead-letter queue to go to. While the queue cannot be reached it tries again,
/// backing off, and each attempt is a turn of the loop for liveness (an outage at start is not a stalled process);
/// a misconfiguration (no such queue, access denied) is thrown.
/// </summary>
internal sealed partial class QueueSetup(
    IQueueClient queue, PollerOptions options, PollerState state, Backoff backoff, TimeProvider clock, ILogger logger)
{
    /// <summary>The visibility timeout to hold messages by, or null when stopped before the queue could be read.</summary>
    public async Task<TimeSpan?> ReadVisibilityAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            state.Beat();
            try
            {
                var attributes = await queue.GetAttributesAsync(stoppingToken);
                backoff.Succeeded();
                var visibility = options.VisibilityTimeout ?? attributes.VisibilityTimeout;
                WarnAboutRisks(attributes, visibility);
                return visibility;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return null;
            }
            catch (DependencyUnavailableException exception)
            {
                backoff.Failed();
                var delay = backoff.NextDelay();
                LogQueueUnreachable(logger, exception.Message, delay.TotalSeconds);
                if (!await Pause.ForAsync(delay, clock, stoppingToken))
                {
                    return null;
                }
            }
        }
    }

    private void WarnAboutRisks(QueueAttributes attributes, TimeSpan visibility)
    {
        if (!attributes.HasDeadLetterQueue)
        {
            LogNoDeadLetterQueue(logger);
        }

        if (visibility < options.MessageTimeout * 2)
        {
            LogShortVisibility(logger, visibility.TotalSeconds, options.MessageTimeout.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The queue cannot be read yet ({Reason}); trying again in {DelaySeconds:0.0} s")]
    private static partial void LogQueueUnreachable(ILogger logger, string reason, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The queue has no redrive policy: a poison message will come back forever instead of reaching a dead-letter queue")]
    private static partial void LogNoDeadLetterQueue(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The visibility timeout ({VisibilitySeconds} s) is short for a message budget of {BudgetSeconds} s; messages will rely on visibility extensions")]
    private static partial void LogShortVisibility(ILogger logger, double visibilitySeconds, double budgetSeconds);
}

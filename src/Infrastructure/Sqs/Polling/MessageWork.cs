using Microsoft.Extensions.DependencyInjection;

namespace EmailPipeline.Infrastructure.Sqs.Polling;

/// <summary>
/// The work on one message, from its dispatch to its outcome: the host's <see cref="IQueueMessageProcessor"/>, run in a
/// DI scope of its own, under the message's time budget, in the span that continues the trace of the request that sent
/// it; then what the outcome means for the message's lease (delete it, let it come back, hand it back), for the back-off
/// of the next receive (a retry lengthens it, a success resets it), its counters and the log. Never
/// throws: an exception, a timeout or a shutdown is a retry.
/// </summary>
internal sealed partial class MessageWork(
    IServiceScopeFactory scopes, LeaseKeeper leases, Backoff backoff, PollerOptions options, TimeProvider clock, ILogger logger)
{
    private static readonly double[] SecondsBuckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    // The first three under the reference service's names.
    private static readonly Counter Processed = Metrics.CreateCounter(
        "sqs_messages_processed_total", "Messages whose email is safely in S3 (archived now, or found already archived).");

    private static readonly Counter Failed = Metrics.CreateCounter(
        "sqs_messages_failed_total", "Messages that could not be archived this time: poison messages and dependency failures alike.");

    private static readonly Histogram ProcessingDuration = Metrics.CreateHistogram(
        "message_processing_duration_seconds", "Time to process one message, from receipt to outcome.", new HistogramConfiguration { Buckets = SecondsBuckets });

    internal static readonly LabelledCounter Poison = new(
        "consumer_poison_messages_total", "Messages that can never be archived, left for the dead-letter queue", "reason", PoisonReasons.All);

    internal static readonly LabelledCounter Retries = new(
        "consumer_message_retries_total", "Messages left for redelivery after a failure", "reason", RetryReasons.All);

    public async Task<MessageOutcome> RunAsync(ReceivedMessage message, CancellationToken work)
    {
        var started = clock.GetTimestamp();
        using var activity = Tracing.StartConsumerActivity(
            "emails process", message.Attributes.GetValueOrDefault(MessageAttributeNames.TraceParent));
        activity.SetTag("messaging.system", "aws_sqs");
        activity.SetTag("messaging.message.id", message.MessageId);
        var outcome = await ProcessAsync(message, work);
        Settle(message, outcome, shuttingDown: work.IsCancellationRequested);
        ProcessingDuration.Observe(clock.GetElapsedTime(started).TotalSeconds);
        return outcome;
    }

    private async Task<MessageOutcome> ProcessAsync(ReceivedMessage message, CancellationToken work)
    {
        using var budget = new CancellationTokenSource(options.MessageTimeout, clock);
        using var token = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, work);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var processor = scope.ServiceProvider.GetRequiredService<IQueueMessageProcessor>();
            return await processor.ProcessAsync(message, token.Token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return work.IsCancellationRequested
                ? MessageOutcome.Retry(RetryReasons.Shutdown, "The service stopped before the message was done.")
                : MessageOutcome.Retry(RetryReasons.Timeout, $"The message took longer than {options.MessageTimeout.TotalSeconds:0.#} s.");
        }
        catch (Exception exception)
        {
            LogProcessingError(logger, exception, message.MessageId);
            return MessageOutcome.Retry(RetryReasons.Error, exception.Message);
        }
    }

    private void Settle(ReceivedMessage message, MessageOutcome outcome, bool shuttingDown)
    {
        switch (outcome)
        {
            case MessageOutcome.CompletedOutcome:
                Processed.Inc();
                backoff.Succeeded();
                var deleteQueued = leases.Complete(message);
                LogCompleted(logger, message.MessageId);
                if (!deleteQueued)
                {
                    // Archived but not deleted: it comes back, is found archived, and is deleted then.
                    LogDeleteDropped(logger, message.MessageId);
                }

                break;

            case MessageOutcome.PoisonOutcome poison:
                Failed.Inc();
                Poison.Inc(poison.Reason);
                leases.LetGo(message);
                LogPoison(logger, message.MessageId, poison.Reason, message.ReceiveCount, poison.Detail);
                break;

            case MessageOutcome.RetryOutcome retry:
                Failed.Inc();
                Retries.Inc(retry.Reason);
                if (shuttingDown)
                {
                    leases.Release(message);
                }
                else
                {
                    leases.LetGo(message);
                    backoff.Failed();
                }

                LogRetry(logger, message.MessageId, retry.Reason, message.ReceiveCount, retry.Detail);
                break;

            case MessageOutcome.FatalOutcome fatal:
                Failed.Inc();
                leases.LetGo(message);
                LogFatal(logger, fatal.Exception, message.MessageId, fatal.Exception.Message);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing message {MessageId} threw; it will come back after its visibility timeout")]
    private static partial void LogProcessingError(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(EventName = SettledEvents.Completed, Level = LogLevel.Debug, Message = "Message {MessageId} is done; deleting it")]
    private static partial void LogCompleted(ILogger logger, string messageId);

    [LoggerMessage(EventName = SettledEvents.Poison, Level = LogLevel.Warning, Message = "Message {MessageId} is poison ({Reason}, receive {ReceiveCount}) and is left for the dead-letter queue: {Detail}")]
    private static partial void LogPoison(ILogger logger, string messageId, string reason, int receiveCount, string detail);

    [LoggerMessage(EventName = SettledEvents.Retry, Level = LogLevel.Warning, Message = "Message {MessageId} was not archived ({Reason}, receive {ReceiveCount}) and will come back: {Detail}")]
    private static partial void LogRetry(ILogger logger, string messageId, string reason, int receiveCount, string detail);

    [LoggerMessage(EventName = SettledEvents.Fatal, Level = LogLevel.Critical, Message = "Message {MessageId} shows the service is misconfigured; stopping: {Reason}")]
    private static partial void LogFatal(ILogger logger, Exception exception, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} was archived but its delete could not be queued; it will come back and be deleted then")]
    private static partial void LogDeleteDropped(ILogger logger, string messageId);
}

/// <summary>
/// The names of the log events that settle a message, one per outcome: each carries the MessageId, and is written once
/// the outcome has been acted on (the delete queued, the lease let go, the back-off moved), so that whoever reads it
/// sees that done.
/// </summary>
public static class SettledEvents
{
    public const string Completed = "MessageCompleted";
    public const string Poison = "MessagePoison";
    public const string Retry = "MessageRetry";
    public const string Fatal = "MessageFatal";

    public static IReadOnlyList<string> All { get; } = [Completed, Poison, Retry, Fatal];
}

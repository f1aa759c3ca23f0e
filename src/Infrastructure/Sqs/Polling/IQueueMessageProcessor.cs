namespace EmailPipeline.Infrastructure.Sqs.Polling;

/// <summary>Does the work one message stands for. Resolved in a DI scope of its own, per message.</summary>
public interface IQueueMessageProcessor
{
    /// <summary>
    /// Processes the message and says what the poller should do with it. Exceptions count as
    /// <see cref="MessageOutcome.Retry"/>.
    /// </summary>
    Task<MessageOutcome> ProcessAsync(ReceivedMessage message, CancellationToken cancellationToken);
}

/// <summary>What became of a message, and so what the poller does with it.</summary>
public abstract record MessageOutcome
{
    /// <summary>The work is safely done: delete the message.</summary>
    public static MessageOutcome Completed { get; } = new CompletedOutcome();

    /// <summary>The message can never be processed (unparseable, invalid): leave it to reach the DLQ.</summary>
    public static MessageOutcome Poison(string reason, string detail) => new PoisonOutcome(reason, detail);

    /// <summary>A dependency failed: leave the message to come back after its visibility timeout, and back off.</summary>
    public static MessageOutcome Retry(string reason, string detail) => new RetryOutcome(reason, detail);

    /// <summary>The service is set up wrong (missing bucket, denied access): stop the service.</summary>
    public static MessageOutcome Fatal(Exception exception) => new FatalOutcome(exception);

    public sealed record CompletedOutcome : MessageOutcome;

    /// <param name="Reason">A short, bounded label for metrics: <c>unparseable</c>, <c>invalid</c>.</param>
    public sealed record PoisonOutcome(string Reason, string Detail) : MessageOutcome;

    public sealed record RetryOutcome(string Reason, string Detail) : MessageOutcome;

    public sealed record FatalOutcome(Exception Exception) : MessageOutcome;
}

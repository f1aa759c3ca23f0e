namespace EmailPipeline.Infrastructure.Sqs.Polling;

/// <summary>Does the work one message stands for. Resolved in a DI scope of its own, per message.</summary>
public interface IQueueMessageProcessor
{
    /// <summary>
    /// Processes the message and says what should become of it. Exceptions count as
    /// <see cref="MessageOutcome.Retry"/>.
    /// </summary>
    Task<MessageOutcome> ProcessAsync(ReceivedMessage message, CancellationToken cancellationToken);
}

/// <summary>What became of a message, and so what becomes of it in the queue.</summary>
public abstract record MessageOutcome
{
    /// <summary>The work is safely done: delete the message.</summary>
    public static MessageOutcome Completed { get; } = new CompletedOutcome();

    /// <summary>The message can never be processed (unparseable, invalid): leave it to reach the DLQ.</summary>
    /// <param name="reason">One of <see cref="PoisonReasons"/>: it labels a metric.</param>
    public static MessageOutcome Poison(string reason, string detail) => new PoisonOutcome(reason, detail);

    /// <summary>A dependency failed: leave the message to come back after its visibility timeout, and back off.</summary>
    /// <param name="reason">One of <see cref="RetryReasons"/>: it labels a metric.</param>
    public static MessageOutcome Retry(string reason, string detail) => new RetryOutcome(reason, detail);

    /// <summary>The service is set up wrong (missing bucket, denied access): stop the service.</summary>
    public static MessageOutcome Fatal(Exception exception) => new FatalOutcome(exception);

    public sealed record CompletedOutcome : MessageOutcome;

    public sealed record PoisonOutcome(string Reason, string Detail) : MessageOutcome;

    public sealed record RetryOutcome(string Reason, string Detail) : MessageOutcome;

    public sealed record FatalOutcome(Exception Exception) : MessageOutcome;
}

/// <summary>Why a message is poison: the values of <c>consumer_poison_messages_total{reason}</c>.</summary>
public static class PoisonReasons
{
    /// <summary>The body is not a JSON object.</summary>
    public const string Unparseable = "unparseable";

    /// <summary>The body is an object, but not a valid email.</summary>
    public const string Invalid = "invalid";

    public static IReadOnlyList<string> All { get; } = [Unparseable, Invalid];
}

/// <summary>Why a message is left to come back: the values of <c>consumer_message_retries_total{reason}</c>.</summary>
public static class RetryReasons
{
    public const string Timeout = "timeout";
    public const string Shutdown = "shutdown";
    public const string Error = "error";

    /// <summary>The dependency (<c>s3</c>, say) could not be reached.</summary>
    public static string Unavailable(string dependency) => $"{dependency}_unavailable";

    /// <summary>The reasons known in advance: the archive store's outage, and the poller's own.</summary>
    public static IReadOnlyList<string> All { get; } = [Unavailable(Aws.Dependencies.S3), Timeout, Shutdown, Error];
}

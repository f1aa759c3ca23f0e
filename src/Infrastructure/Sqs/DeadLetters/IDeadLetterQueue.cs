namespace EmailPipeline.Infrastructure.Sqs.DeadLetters;

/// <summary>The dead-letter queue of <c>SQS_QUEUE_URL</c>, as an operator reads it and moves its messages back.</summary>
public interface IDeadLetterQueue
{
    /// <summary>
    /// The queue and its dead-letter queue: the one <see cref="DeadLetterOptions.QueueUrl"/> sets, else the one the
    /// queue's redrive policy names. Throws the Application's DependencyMisconfiguredException when there is neither.
    /// </summary>
    Task<DeadLetterQueues> LocateAsync(CancellationToken cancellationToken);

    /// <summary>Messages waiting in the queue at <paramref name="queueUrl"/>, as SQS counts them (approximately).</summary>
    Task<long> CountAsync(string queueUrl, CancellationToken cancellationToken);

    /// <summary>
    /// Each message of the dead-letter queue once (up to <paramref name="max"/>), without changing the queue: every
    /// message read is put back, visible at once, when the enumeration ends, however it ends.
    /// </summary>
    IAsyncEnumerable<DeadLetter> ReadAsync(DeadLetterQueues queues, int? max, CancellationToken cancellationToken);

    /// <summary>
    /// Moves the messages (up to <paramref name="max"/>) back to the queue, never losing one: see <see cref="RedriveResult"/>
    /// for what happens when the move is stopped or fails. <paramref name="stop"/> ends it after the batch in hand.
    /// </summary>
    Task<RedriveResult> RedriveAsync(DeadLetterQueues queues, int? max, IProgress<string> progress, CancellationToken stop);
}

/// <summary>How a redrive ended.</summary>
/// <param name="Method">How the messages were moved.</param>
/// <param name="Moved">Messages now in the queue and gone from the dead-letter queue (a move task's count is SQS's estimate).</param>
/// <param name="NotSent">Messages the queue refused: they stay in the dead-letter queue, and reappear there once their visibility ends.</param>
/// <param name="SentNotDeleted">
/// Messages copied to the queue whose delete from the dead-letter queue failed: they reappear there, and a later
/// redrive sends them again (the Consumer archives an email once, however often it arrives).
/// </param>
/// <param name="Interrupted">Stopped before the dead-letter queue was empty (or <c>--max</c> reached).</param>
/// <param name="Failure">Why the redrive ended early, if it did.</param>
public sealed record RedriveResult(RedriveMethod Method, long Moved, int NotSent, int SentNotDeleted, bool Interrupted, string? Failure)
{
    public bool IsComplete => !Interrupted && NotSent == 0 && SentNotDeleted == 0 && Failure is null;
}

public enum RedriveMethod
{
    /// <summary>SQS's own message move task (StartMessageMoveTask).</summary>
    MoveTask,

    /// <summary>Receive, send a copy, delete: where the endpoint has no move tasks, or for a number of messages.</summary>
    ByHand,
}

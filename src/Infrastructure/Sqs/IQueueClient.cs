namespace EmailPipeline.Infrastructure.Sqs;

/// <summary>
/// The queue operations the poller needs, in its own terms. <see cref="SqsQueueClient"/> implements them with SQS;
/// the poller's decisions are tested against an in-memory queue.
/// </summary>
public interface IQueueClient
{
    Task<QueueAttributes> GetAttributesAsync(CancellationToken cancellationToken);

    /// <summary>Messages waiting in the named dead-letter queue (a queue of the same account and region).</summary>
    Task<long> CountDeadLettersAsync(string deadLetterQueueName, CancellationToken cancellationToken);

    /// <summary>Long-polls for up to <paramref name="maxMessages"/> (at most 10) messages.</summary>
    Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(int maxMessages, TimeSpan wait, CancellationToken cancellationToken);

    /// <summary>Deletes up to 10 messages; returns the receipt handles that could not be deleted.</summary>
    Task<IReadOnlyCollection<string>> DeleteAsync(IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the visibility timeout of up to 10 messages, counted from now; returns the receipt handles that could
    /// not be changed.
    /// </summary>
    Task<IReadOnlyCollection<string>> ChangeVisibilityAsync(
        IReadOnlyList<string> receiptHandles, TimeSpan visibilityTimeout, CancellationToken cancellationToken);
}

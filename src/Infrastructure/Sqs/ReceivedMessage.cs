namespace EmailPipeline.Infrastructure.Sqs;

/// <summary>A message taken from the queue, and what the queue said about it.</summary>
/// <param name="MessageId">The queue's id for the message.</param>
/// <param name="ReceiptHandle">The handle to delete it or change its visibility with (this receive only).</param>
/// <param name="Body">The message body.</param>
/// <param name="Attributes">The message attributes the sender set (string values only).</param>
/// <param name="ReceiveCount">How many times it has been received, this time included.</param>
/// <param name="SentAt">When it was first sent to the queue.</param>
/// <param name="ReceivedAt">When the queue's answer came: the email's receive time.</param>
/// <param name="LeasedFrom">When this receive was asked for: the visibility timeout runs from no earlier.</param>
public sealed record ReceivedMessage(
    string MessageId,
    string ReceiptHandle,
    string Body,
    IReadOnlyDictionary<string, string> Attributes,
    int ReceiveCount,
    DateTimeOffset? SentAt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset LeasedFrom);

/// <summary>What the queue reports about itself.</summary>
/// <param name="DeadLetterQueueName">The queue its redrive policy sends failed messages to, if any.</param>
/// <param name="MaximumMessageSize">The largest message it takes, in bytes, as SQS counts them (body and attributes).</param>
public sealed record QueueAttributes(
    TimeSpan VisibilityTimeout,
    long MessagesVisible,
    long MessagesInFlight,
    long MessagesDelayed,
    string? DeadLetterQueueName,
    int MaximumMessageSize = SqsLimits.MaxMessageBytes)
{
    public bool HasDeadLetterQueue => DeadLetterQueueName is not null;
}

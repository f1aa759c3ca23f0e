namespace EmailPipeline.Infrastructure.Sqs.DeadLetters;

/// <summary>A message in the dead-letter queue, as the operator sees it.</summary>
/// <param name="Message">
/// The message as received. Its receive count includes the receives in the dead-letter queue, this one included: SQS
/// has no way to look at a message without receiving it.
/// </param>
/// <param name="SourceQueueArn">The queue SQS dead-lettered it from, where the endpoint records it.</param>
public sealed record DeadLetter(ReceivedMessage Message, string? SourceQueueArn)
{
    /// <summary>The attributes whose values are the pipeline's own metadata, and so may be shown; the others are shown by name only.</summary>
    private static readonly HashSet<string> MetadataAttributes = new(StringComparer.Ordinal)
    {
        MessageAttributeNames.ReceivedAt, MessageAttributeNames.SchemaVersion, MessageAttributeNames.TraceParent, DeadLetterAttributes.OriginalMessageId,
    };

    /// <summary>The id the message had before this command first moved it back to the queue (its own id otherwise).</summary>
    public string OriginalMessageId => Message.Attributes.GetValueOrDefault(DeadLetterAttributes.OriginalMessageId) ?? Message.MessageId;

    /// <summary>Each message attribute by name, with its value when it is the pipeline's own metadata, null otherwise.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> AttributesToShow =>
    [
        .. Message.Attributes.OrderBy(a => a.Key, StringComparer.Ordinal)
            .Select(a => KeyValuePair.Create(a.Key, MetadataAttributes.Contains(a.Key) ? a.Value : null)),
    ];
}

/// <summary>The queue and its dead-letter queue, and how the dead-letter queue was found.</summary>
public sealed record DeadLetterQueues(string QueueUrl, string DeadLetterQueueUrl, string FoundBy);

/// <summary>The message attribute the command adds to a message it moves back by hand.</summary>
public static class DeadLetterAttributes
{
    /// <summary>
    /// The message's id in the dead-letter queue (or the one it already carried): a message moved twice, because a
    /// move was killed between sending and deleting, arrives twice under one original id.
    /// </summary>
    public const string OriginalMessageId = "original_message_id";
}

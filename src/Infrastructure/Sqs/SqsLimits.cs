namespace EmailPipeline.Infrastructure.Sqs;

/// <summary>
/// What SQS takes at most, whatever a queue's settings. A message's size is its body's UTF-8 bytes plus, for each
/// message attribute, the bytes of its name, its data type and its value.
/// </summary>
public static class SqsLimits
{
    /// <summary>The largest message any queue takes (a queue's <c>MaximumMessageSize</c> may be lower).</summary>
    public const int MaxMessageBytes = 1_048_576;

    /// <summary>The largest SendMessageBatch request: the sum of its messages' sizes.</summary>
    public const int MaxBatchBytes = 1_048_576;

    /// <summary>Entries per batch request.</summary>
    public const int MaxBatchEntries = 10;

    /// <summary>The longest visibility timeout a queue or a message may have.</summary>
    public static readonly TimeSpan MaxVisibilityTimeout = TimeSpan.FromHours(12);
}

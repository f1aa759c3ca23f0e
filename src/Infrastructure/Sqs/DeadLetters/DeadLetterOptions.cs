namespace EmailPipeline.Infrastructure.Sqs.DeadLetters;

/// <summary>How the dead-letter command finds the dead-letter queue and handles its messages.</summary>
public sealed class DeadLetterOptions
{
    public const string Section = "DeadLetters";

    /// <summary>The dead-letter queue's URL. Unset: the queue that the redrive policy of the queue names.</summary>
    public string? QueueUrl { get; set; }

    /// <summary>
    /// How long a message stays hidden from other readers while the command holds it. Listing puts every message back
    /// when it is done; a move that is killed leaves the messages in hand to reappear after this.
    /// </summary>
    public TimeSpan Visibility { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the progress of an SQS message move task is read.</summary>
    public TimeSpan MoveTaskPollInterval { get; set; } = TimeSpan.FromSeconds(2);
}

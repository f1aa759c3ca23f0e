using EmailPipeline.Infrastructure.Sqs.Polling;

namespace EmailPipeline.Infrastructure.Sqs.DeadLetters;

/// <summary>
/// What the Consumer would make of a message, without archiving it: the same parsing and validation, told in field
/// names and rule codes, never values. The Consumer's host implements it.
/// </summary>
public interface IMessageDiagnosis
{
    /// <summary>Why the Consumer would leave the message for the dead-letter queue, or null when it would archive it.</summary>
    Task<MessageOutcome.PoisonOutcome?> WhyPoisonAsync(ReceivedMessage message, CancellationToken cancellationToken);

    /// <summary>The body's shape: each field the Consumer reads, with its JSON type and length, never its value.</summary>
    IReadOnlyList<string> DescribeFields(ReceivedMessage message);
}

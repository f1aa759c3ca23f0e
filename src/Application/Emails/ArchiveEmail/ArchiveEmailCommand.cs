using System.Text;
using Mediator;

namespace EmailPipeline.Application.Emails.ArchiveEmail;

/// <summary>Archive one email taken from the queue, exactly once, without ever overwriting another.</summary>
/// <param name="Email">The message body, parsed but not yet validated.</param>
/// <param name="MessageId">The queue message it came in.</param>
/// <param name="ReceivedAt">When the Consumer received that message.</param>
public sealed record ArchiveEmailCommand(EmailDocument Email, string MessageId, DateTimeOffset ReceivedAt)
    : ICommand<ArchiveEmailResult>
{
    // The email is personal data: it is never printed.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("MessageId = ").Append(MessageId).Append(", ReceivedAt = ").Append(ReceivedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        return true;
    }
}

/// <summary>Where the email is archived, and how it got there.</summary>
public sealed record ArchiveEmailResult(Domain.Emails.ArchiveKey Key, ArchiveOutcome Outcome);

public enum ArchiveOutcome
{
    /// <summary>Written to its key.</summary>
    Stored,

    /// <summary>Its key already held this very email: a redelivery, nothing written.</summary>
    AlreadyStored,

    /// <summary>Its key held another email from the same sender and second; written under its content hash.</summary>
    StoredUnderContentHash,

    /// <summary>A redelivery of an email that had been written under its content hash.</summary>
    AlreadyStoredUnderContentHash,
}

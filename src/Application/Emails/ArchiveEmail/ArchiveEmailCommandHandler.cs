using EmailPipeline.Application.Abstractions;
using EmailPipeline.Domain.Emails;
using Mediator;

namespace EmailPipeline.Application.Emails.ArchiveEmail;

/// <summary>
/// Writes the email to its key, never over another object. If the key holds the same bytes, the email was
/// archived before (a redelivery) and that is success. If it holds another email (same sender, same second), this
/// one goes under its content hash by the same rule.
/// </summary>
internal sealed class ArchiveEmailCommandHandler(IArchiveStore store) : ICommandHandler<ArchiveEmailCommand, ArchiveEmailResult>
{
    public async ValueTask<ArchiveEmailResult> Handle(ArchiveEmailCommand command, CancellationToken cancellationToken)
    {
        var email = command.Email.ToEmail();
        var body = EmailJson.Serialize(email);
        var metadata = new ArchiveMetadata(command.MessageId, command.ReceivedAt);

        var key = ArchiveKey.For(email);
        switch (await store.PutIfAbsentAsync(new ArchiveEntry(key, body, metadata), cancellationToken))
        {
            case PutIfAbsentOutcome.Created:
                return new ArchiveEmailResult(key, ArchiveOutcome.Stored);
            case PutIfAbsentOutcome.SameContentExists:
                return new ArchiveEmailResult(key, ArchiveOutcome.AlreadyStored);
        }

        var hashedKey = ArchiveKey.WithContentHash(email, body);
        return await store.PutIfAbsentAsync(new ArchiveEntry(hashedKey, body, metadata), cancellationToken) switch
        {
            PutIfAbsentOutcome.Created => new ArchiveEmailResult(hashedKey, ArchiveOutcome.StoredUnderContentHash),
            PutIfAbsentOutcome.SameContentExists => new ArchiveEmailResult(hashedKey, ArchiveOutcome.AlreadyStoredUnderContentHash),
            // Two different bodies with the same 64-bit content hash: never expected, and never resolved by overwriting.
            _ => throw new InvalidOperationException(
                $"Both {key} and {hashedKey} hold other emails; the email was not archived."),
        };
    }
}

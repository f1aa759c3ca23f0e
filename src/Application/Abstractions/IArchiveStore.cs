using EmailPipeline.Domain.Emails;

namespace EmailPipeline.Application.Abstractions;

/// <summary>Write-once object storage for archived emails. Nothing in it is ever overwritten.</summary>
public interface IArchiveStore
{
    /// <summary>
    /// Stores <paramref name="entry"/> at its key unless an object is already there, and says which happened;
    /// when one was, says whether it holds exactly the same bytes.
    /// </summary>
    ValueTask<PutIfAbsentOutcome> PutIfAbsentAsync(ArchiveEntry entry, CancellationToken cancellationToken);
}

public enum PutIfAbsentOutcome
{
    /// <summary>The object was written.</summary>
    Created,

    /// <summary>An object with the same bytes was already there (a redelivery): nothing was written.</summary>
    SameContentExists,

    /// <summary>An object with other bytes was already there: nothing was written.</summary>
    OtherContentExists,
}

/// <summary>One object to archive: where, what, and the metadata that says where it came from.</summary>
public sealed record ArchiveEntry(ArchiveKey Key, ReadOnlyMemory<byte> Body, ArchiveMetadata Metadata);

/// <summary>Where an archived email came from: its queue message, and when the Consumer received it.</summary>
public sealed record ArchiveMetadata(string MessageId, DateTimeOffset ReceivedAt);

using System.Threading.Channels;
using EmailPipeline.Application.Abstractions;

namespace EmailPipeline.Consumer.Tests.Archiving;

/// <summary>
/// Wraps the real (S3) archive store and holds every write until the test opens the gate, so that messages can
/// be caught in flight. The writes themselves still go to moto.
/// </summary>
internal sealed class GatedArchiveStore : IArchiveStore
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The store that does the writing, set when the container builds this one.</summary>
    public IArchiveStore? Inner { get; set; }

    public Channel<ArchiveEntry> Waiting { get; } = Channel.CreateUnbounded<ArchiveEntry>();

    public void Open() => _gate.TrySetResult();

    public async ValueTask<PutIfAbsentOutcome> PutIfAbsentAsync(ArchiveEntry entry, CancellationToken cancellationToken)
    {
        Waiting.Writer.TryWrite(entry);
        await _gate.Task.WaitAsync(cancellationToken);
        return await Inner!.PutIfAbsentAsync(entry, cancellationToken);
    }
}

using System.Globalization;
using EmailPipeline.Infrastructure.Sqs;
using EmailPipeline.Infrastructure.Sqs.Polling;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmailPipeline.Infrastructure.UnitTests.Sqs.Polling;

/// <summary>The leases of messages in work: extended while held, deleted in batches when done, handed back on stop.</summary>
public sealed class LeaseKeeperTests : IAsyncDisposable
{
    private static readonly TimeSpan Visibility = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(50);

    private readonly ObservableTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private readonly FakeQueue _queue;
    private readonly LeaseKeeper _leases;
    private int _next;

    public LeaseKeeperTests()
    {
        _queue = new FakeQueue(_clock, Visibility);
        _leases = new LeaseKeeper(_queue, Visibility, Linger, _clock, NullLogger.Instance);
    }

    [Fact]
    public async Task HeldLeases_AreExtendedInBatchesOfTen_OnceHalfTheirVisibilityIsGone_AndOnlyWhileHeld()
    {
        var held = Enumerable.Range(0, 25).Select(_ => Received()).ToList();
        held.ForEach(_leases.Hold);
        _leases.LetGo(held[^1]);
        await _clock.WaitForTimerAsync(Heartbeat, PollLoopHarness.Guard);

        _clock.Advance(TimeSpan.FromSeconds(20));
        Assert.False(_queue.VisibilityChanges.Reader.TryRead(out _)); // 40 s of 60 left
        _clock.Advance(TimeSpan.FromSeconds(10));
        var changes = new[] { await NextVisibilityChangeAsync(), await NextVisibilityChangeAsync(), await NextVisibilityChangeAsync() };

        Assert.Equal([10, 10, 4], changes.Select(c => c.Handles.Count));
        Assert.All(changes, c => Assert.Equal(Visibility, c.Visibility));
        Assert.Equal(held.SkipLast(1).Select(m => m.ReceiptHandle).Order(), changes.SelectMany(c => c.Handles).Order());
    }

    [Fact]
    public async Task CompletedMessages_AreDeletedTenAtATime_AtOnceWhenTen_AfterTheLingerWhenFewer()
    {
        var done = Enumerable.Range(0, 13).Select(_ => Received()).ToList();
        done.ForEach(_leases.Hold);

        Assert.All(done, message => Assert.True(_leases.Complete(message)));
        var full = await NextDeleteAsync();
        await _clock.WaitForTimerAsync(Linger, PollLoopHarness.Guard);
        Assert.False(_queue.Deletes.Reader.TryRead(out _));
        _clock.Advance(Linger);
        var rest = await NextDeleteAsync();

        Assert.Equal(10, full.Count);
        Assert.Equal(done.Select(m => m.ReceiptHandle).Order(), full.Concat(rest).Order());
    }

    [Fact]
    public async Task Stopping_HandsBackWhatWasReleased_AtVisibilityZero_AndSendsTheDeletesStillWaiting()
    {
        var released = Enumerable.Range(0, 12).Select(_ => Received()).ToList();
        var completed = Received();
        released.ForEach(_leases.Hold);
        released.ForEach(_leases.Release);
        _leases.Complete(completed);
        Assert.False(_queue.VisibilityChanges.Reader.TryRead(out _));

        await _leases.DisposeAsync();

        var handedBack = new[] { await NextVisibilityChangeAsync(), await NextVisibilityChangeAsync() };
        Assert.All(handedBack, change => Assert.Equal(TimeSpan.Zero, change.Visibility));
        Assert.Equal(released.Select(m => m.ReceiptHandle).Order(), handedBack.SelectMany(c => c.Handles).Order());
        Assert.Equal([completed.ReceiptHandle], await NextDeleteAsync());
    }

    public ValueTask DisposeAsync() => _leases.DisposeAsync();

    private ReceivedMessage Received()
    {
        var n = Interlocked.Increment(ref _next).ToString(CultureInfo.InvariantCulture);
        return new ReceivedMessage($"m{n}", $"h{n}", "{}", new Dictionary<string, string>(), 1, _clock.GetUtcNow(), _clock.GetUtcNow(), _clock.GetUtcNow());
    }

    private async Task<IReadOnlyList<string>> NextDeleteAsync() => await _queue.Deletes.Reader.ReadAsync(PollLoopHarness.Guard);

    private async Task<(IReadOnlyList<string> Handles, TimeSpan Visibility)> NextVisibilityChangeAsync() =>
        await _queue.VisibilityChanges.Reader.ReadAsync(PollLoopHarness.Guard);
}

using System.Threading.Channels;
using EmailPipeline.Infrastructure.Sqs;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmailPipeline.Infrastructure.UnitTests.Sqs;

/// <summary>
/// The batching both services rely on (the Api's publishes, the Consumer's deletes): batches fill while earlier
/// ones are in flight, never beyond their limits, and each item gets its own result.
/// </summary>
public sealed class AdaptiveBatcherTests : IAsyncDisposable
{
    private readonly List<AdaptiveBatcher<int, string>> _batchers = [];
    private readonly ObservableTimeProvider _clock = new(DateTimeOffset.UnixEpoch);
    private readonly Channel<(IReadOnlyList<BatchEntry<int, string>> Batch, TaskCompletionSource Sent)> _sends =
        Channel.CreateUnbounded<(IReadOnlyList<BatchEntry<int, string>>, TaskCompletionSource)>();

    private static CancellationToken Guard => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    [Fact]
    public async Task AQuietBatcher_SendsAnItemAtOnce_Alone()
    {
        var batcher = Track(Batcher(maxConcurrent: 1));

        Assert.True(batcher.TryAdd(1, out var result));

        var (batch, sent) = await NextSendAsync();
        Assert.Equal([1], batch.Select(e => e.Item));
        Complete(batch, sent);
        Assert.Equal("ok 1", await result.Completion);
    }

    [Fact]
    public async Task WhileABatchIsInFlight_ItemsGather_IntoTheNextBatch_UpToTheMaximum()
    {
        var batcher = Track(Batcher(maxConcurrent: 1, maxSize: 10));
        batcher.TryAdd(0, out _);
        var (first, firstSent) = await NextSendAsync();

        var results = new List<Task<string>>();
        for (var i = 1; i <= 12; i++)
        {
            batcher.TryAdd(i, out var result);
            results.Add(result.Completion);
        }

        Complete(first, firstSent);
        var (second, secondSent) = await NextSendAsync();
        Assert.Equal(Enumerable.Range(1, 10), second.Select(e => e.Item));
        Complete(second, secondSent);
        var (third, thirdSent) = await NextSendAsync();
        Assert.Equal([11, 12], third.Select(e => e.Item));
        Complete(third, thirdSent);

        Assert.Equal(Enumerable.Range(1, 12).Select(i => $"ok {i}"), await Task.WhenAll(results));
    }

    [Fact]
    public async Task ABatch_NeverWeighsMoreThanItsLimit_ButAHeavyItemStillGoesAlone()
    {
        var batcher = Track(Batcher(maxConcurrent: 1, maxWeight: 100, weigh: i => i));
        batcher.TryAdd(1, out _);
        var (first, firstSent) = await NextSendAsync();
        foreach (var item in new[] { 60, 30, 20, 150 })
        {
            batcher.TryAdd(item, out _);
        }

        Complete(first, firstSent);
        var batches = new List<int[]>();
        for (var i = 0; i < 3; i++)
        {
            var (batch, sent) = await NextSendAsync();
            batches.Add([.. batch.Select(e => e.Item)]);
            Complete(batch, sent);
        }

        Assert.Equal([[60, 30], [20], [150]], batches);
    }

    [Fact]
    public async Task AFullBacklog_RefusesNewItems()
    {
        var batcher = Track(Batcher(maxConcurrent: 1, capacity: 2));
        batcher.TryAdd(0, out _);
        var (first, firstSent) = await NextSendAsync();

        Assert.True(batcher.TryAdd(1, out _));
        Assert.True(batcher.TryAdd(2, out _));
        Assert.False(batcher.TryAdd(3, out _));

        Complete(first, firstSent);
        var (second, secondSent) = await NextSendAsync();
        Complete(second, secondSent);
        Assert.True(batcher.TryAdd(4, out _));
    }

    [Fact]
    public async Task APartlyFailedBatch_FailsOnlyItsFailedItems()
    {
        var batcher = Track(Batcher(maxConcurrent: 1));
        batcher.TryAdd(0, out _);
        var (first, firstSent) = await NextSendAsync();
        batcher.TryAdd(1, out var good);
        batcher.TryAdd(2, out var bad);
        Complete(first, firstSent);

        var (batch, sent) = await NextSendAsync();
        batch[0].Succeed("ok 1");
        batch[1].Fail(new InvalidOperationException("rejected"));
        sent.SetResult();

        Assert.Equal("ok 1", await good.Completion);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad.Completion);
    }

    [Fact]
    public async Task ASendThatThrows_FailsEveryItemOfItsBatch_AndItemsItLeftIncomplete()
    {
        var batcher = Track(Batcher(maxConcurrent: 1));
        batcher.TryAdd(1, out var first);
        var (batch, sent) = await NextSendAsync();

        sent.SetException(new TimeoutException("no answer"));

        await Assert.ThrowsAsync<TimeoutException>(() => first.Completion);
        Assert.True(batch[0].IsCompleted);
    }

    [Fact]
    public async Task WithALinger_ABatchWaitsForMoreItems_UntilFullOrTheLingerIsOver()
    {
        var batcher = Track(Batcher(maxConcurrent: 1, maxSize: 3, linger: TimeSpan.FromMilliseconds(100)));
        batcher.TryAdd(1, out _);
        await _clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(100), Guard);
        batcher.TryAdd(2, out _);
        Assert.False(_sends.Reader.TryRead(out _));

        _clock.Advance(TimeSpan.FromMilliseconds(100));
        var (lingered, lingeredSent) = await NextSendAsync();
        Assert.Equal([1, 2], lingered.Select(e => e.Item));
        Complete(lingered, lingeredSent);

        batcher.TryAdd(3, out _);
        batcher.TryAdd(4, out _);
        batcher.TryAdd(5, out _);
        var (full, fullSent) = await NextSendAsync(); // full: no need to wait for the clock
        Assert.Equal([3, 4, 5], full.Select(e => e.Item));
        Complete(full, fullSent);
    }

    [Fact]
    public async Task ABusyLinger_AppliesOnlyWhileAnotherBatchIsInFlight()
    {
        var batcher = Track(Batcher(maxConcurrent: 2, maxSize: 3, busyLinger: TimeSpan.FromMilliseconds(2)));

        // Quiet: the first item goes at once, alone.
        batcher.TryAdd(1, out _);
        var (quiet, quietSent) = await NextSendAsync();
        Assert.Equal([1], quiet.Select(e => e.Item));

        // Busy (the first batch is in flight): the next batch waits for more, until the busy linger is over.
        batcher.TryAdd(2, out _);
        await _clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(2), Guard);
        batcher.TryAdd(3, out _);
        Assert.False(_sends.Reader.TryRead(out _));
        _clock.Advance(TimeSpan.FromMilliseconds(2));
        var (busy, busySent) = await NextSendAsync();
        Assert.Equal([2, 3], busy.Select(e => e.Item));

        Complete(quiet, quietSent);
        Complete(busy, busySent);
    }

    [Fact]
    public async Task Complete_SendsWhatIsQueued_AndWaitsForEveryBatch()
    {
        var batcher = Track(Batcher(maxConcurrent: 1));
        batcher.TryAdd(0, out _);
        var (first, firstSent) = await NextSendAsync();
        batcher.TryAdd(1, out var queued);

        var completing = batcher.CompleteAsync();
        Assert.False(batcher.TryAdd(2, out _));
        Assert.False(completing.IsCompleted);
        Complete(first, firstSent);
        var (last, lastSent) = await NextSendAsync();
        Complete(last, lastSent);

        await completing.WaitAsync(Guard);
        Assert.Equal("ok 1", await queued.Completion);
    }

    /// <summary>Closes every batcher, answering whatever batches the test left in flight.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var batcher in _batchers)
        {
            var completing = batcher.CompleteAsync();
            while (!completing.IsCompleted)
            {
                var next = _sends.Reader.ReadAsync(Guard).AsTask();
                if (await Task.WhenAny(next, completing) == next)
                {
                    var (batch, sent) = await next;
                    Complete(batch, sent);
                }
            }
        }
    }

    private AdaptiveBatcher<int, string> Track(AdaptiveBatcher<int, string> batcher)
    {
        _batchers.Add(batcher);
        return batcher;
    }

    private AdaptiveBatcher<int, string> Batcher(
        int maxConcurrent, int maxSize = 10, int maxWeight = int.MaxValue, int capacity = 100, TimeSpan? linger = null,
        Func<int, int>? weigh = null, TimeSpan? busyLinger = null) =>
        new(
            new BatcherSettings(maxSize, maxWeight, maxConcurrent, capacity, linger ?? TimeSpan.Zero, busyLinger ?? TimeSpan.Zero),
            batch =>
            {
                var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _sends.Writer.TryWrite((batch, sent));
                return sent.Task;
            },
            weigh ?? (_ => 1),
            _clock,
            NullLogger.Instance);

    private async Task<(IReadOnlyList<BatchEntry<int, string>> Batch, TaskCompletionSource Sent)> NextSendAsync() =>
        await _sends.Reader.ReadAsync(Guard);

    private static void Complete(IReadOnlyList<BatchEntry<int, string>> batch, TaskCompletionSource sent)
    {
        foreach (var entry in batch)
        {
            entry.Succeed($"ok {entry.Item}");
        }

        sent.SetResult();
    }
}

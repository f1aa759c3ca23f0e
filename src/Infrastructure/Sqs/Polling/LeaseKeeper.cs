using System.Collections.Concurrent;

namespace EmailPipeline.Infrastructure.Sqs.Polling;

/// <summary>
/// Keeps the leases of the messages in work, so that no message is lost or worked on twice at once:
/// <list type="bullet">
/// <item>while a message is held, its visibility is extended (in batches of 10) whenever less than half of it is left,
/// so the queue does not hand it to another consumer;</item>
/// <item>a message whose work is done is deleted, in batches of up to 10 that wait <c>deleteLinger</c> to fill;</item>
/// <item>a message let go is left to come back after its visibility timeout (and, past the queue's maxReceiveCount,
/// to go to the dead-letter queue);</item>
/// <item>a message released is handed back (visibility 0) when the keeper stops, for another consumer to take at once.</item>
/// </list>
/// Disposing it stops the heartbeat, hands back what was released and sends every delete still waiting.
/// </summary>
internal sealed partial class LeaseKeeper : IAsyncDisposable
{
    private static readonly Histogram DeleteBatchSize = Metrics.CreateHistogram(
        "sqs_delete_batch_size", "Messages per DeleteMessageBatch request.", new HistogramConfiguration { Buckets = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });

    private static readonly Counter DeleteFailures = Metrics.CreateCounter(
        "sqs_delete_failures_total", "Archived messages whose delete failed; they come back and are recognised as already archived.");

    private static readonly Counter VisibilityExtensions = Metrics.CreateCounter("sqs_visibility_extensions_total", "Visibility timeouts extended.");
    private static readonly Counter Released = Metrics.CreateCounter("consumer_messages_released_total", "Messages handed back to the queue on shutdown.");

    private const int MaxBatch = 10;

    private readonly IQueueClient _queue;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Lease> _held = new();
    private readonly ConcurrentQueue<string> _released = new();
    private readonly AdaptiveBatcher<string, bool> _deletes;
    private readonly CancellationTokenSource _stopHeartbeat = new();
    private readonly Task _heartbeat;
    private int _disposed;

    /// <param name="visibility">The visibility timeout a receive gives a message, and what the heartbeat extends it by.</param>
    public LeaseKeeper(IQueueClient queue, TimeSpan visibility, TimeSpan deleteLinger, TimeProvider clock, ILogger logger)
    {
        _queue = queue;
        Visibility = visibility;
        _clock = clock;
        _logger = logger;
        _deletes = new AdaptiveBatcher<string, bool>(
            new BatcherSettings(MaxBatch, int.MaxValue, MaxConcurrentBatches: 2, Capacity: 10_000, deleteLinger),
            DeleteBatchAsync, _ => 1, clock, logger);
        _heartbeat = RunHeartbeatAsync(_stopHeartbeat.Token);
    }

    public TimeSpan Visibility { get; }

    /// <summary>Holds a message just received: the queue hides it until its receive time plus the visibility timeout.</summary>
    public void Hold(ReceivedMessage message) =>
        _held[message.ReceiptHandle] = new Lease(message.ReceiptHandle, message.LeasedFrom + Visibility);

    /// <summary>The message's work is done: deletes it, in a batch. False when its delete could not even be queued.</summary>
    public bool Complete(ReceivedMessage message)
    {
        _held.TryRemove(message.ReceiptHandle, out _);
        return _deletes.TryAdd(message.ReceiptHandle, out _);
    }

    /// <summary>Stops extending the message's visibility: it comes back once its visibility timeout runs out.</summary>
    public void LetGo(ReceivedMessage message) => _held.TryRemove(message.ReceiptHandle, out _);

    /// <summary>Hands the message back to the queue when the keeper stops, instead of after its visibility timeout.</summary>
    public void Release(ReceivedMessage message)
    {
        _held.TryRemove(message.ReceiptHandle, out _);
        _released.Enqueue(message.ReceiptHandle);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopHeartbeat.CancelAsync();
        await _heartbeat;
        await HandBackAsync();
        await _deletes.DisposeAsync();
        _stopHeartbeat.Dispose();
    }

    /// <summary>Extends, in batches of 10, every held message with less than half its visibility left.</summary>
    internal async Task ExtendDueAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        var due = _held.Values.Where(lease => lease.VisibleUntil - now <= Visibility / 2).ToList();
        foreach (var chunk in due.Chunk(MaxBatch))
        {
            try
            {
                var failed = await _queue.ChangeVisibilityAsync([.. chunk.Select(l => l.ReceiptHandle)], Visibility, cancellationToken);
                foreach (var lease in chunk.Where(l => !failed.Contains(l.ReceiptHandle)))
                {
                    lease.VisibleUntil = now + Visibility;
                    VisibilityExtensions.Inc();
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogExtendFailed(_logger, exception, chunk.Length, exception.Message);
            }
        }
    }

    private async Task RunHeartbeatAsync(CancellationToken stop)
    {
        // Often enough that a lease is extended well before it runs out, whatever the visibility timeout.
        var interval = TimeSpan.FromTicks(Math.Clamp(Visibility.Ticks / 6, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(10).Ticks));
        using var timer = new PeriodicTimer(interval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await ExtendDueAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    private async Task HandBackAsync()
    {
        var handles = new List<string>();
        while (_released.TryDequeue(out var handle))
        {
            handles.Add(handle);
        }

        foreach (var chunk in handles.Chunk(MaxBatch))
        {
            try
            {
                var failed = await _queue.ChangeVisibilityAsync(chunk, TimeSpan.Zero, CancellationToken.None);
                Released.Inc(chunk.Length - failed.Count);
            }
            catch (Exception exception)
            {
                LogReleaseFailed(_logger, exception, chunk.Length, exception.Message);
            }
        }
    }

    private async Task DeleteBatchAsync(IReadOnlyList<BatchEntry<string, bool>> batch)
    {
        DeleteBatchSize.Observe(batch.Count);
        IReadOnlyCollection<string> failed;
        try
        {
            failed = await _queue.DeleteAsync([.. batch.Select(e => e.Item)], CancellationToken.None);
            if (failed.Count > 0)
            {
                LogDeleteFailed(_logger, failed.Count, "the queue refused some entries");
            }
        }
        catch (Exception exception)
        {
            failed = [.. batch.Select(e => e.Item)];
            LogDeleteFailed(_logger, batch.Count, exception.Message);
        }

        foreach (var entry in batch)
        {
            entry.Succeed(!failed.Contains(entry.Item));
        }

        DeleteFailures.Inc(failed.Count);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Extending the visibility of {Count} messages failed: {Reason}")]
    private static partial void LogExtendFailed(ILogger logger, Exception exception, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand {Count} messages back to the queue; they come back after their visibility timeout: {Reason}")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting {Count} archived messages failed ({Reason}); they will come back and be recognised as archived")]
    private static partial void LogDeleteFailed(ILogger logger, int count, string reason);

    /// <summary>A held message, and until when the queue hides it from other consumers.</summary>
    private sealed class Lease(string receiptHandle, DateTimeOffset visibleUntil)
    {
        private long _visibleUntilTicks = visibleUntil.UtcTicks;

        public string ReceiptHandle { get; } = receiptHandle;

        public DateTimeOffset VisibleUntil
        {
            get => new(Interlocked.Read(ref _visibleUntilTicks), TimeSpan.Zero);
            set => Interlocked.Exchange(ref _visibleUntilTicks, value.UtcTicks);
        }
    }
}

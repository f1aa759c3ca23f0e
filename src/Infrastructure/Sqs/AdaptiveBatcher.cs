using System.Threading.Channels;

namespace EmailPipeline.Infrastructure.Sqs;

/// <summary>How an <see cref="AdaptiveBatcher{TItem, TResult}"/> groups items.</summary>
/// <param name="MaxBatchSize">Items per batch at most (SQS batch calls take 10).</param>
/// <param name="MaxBatchWeight">The sum of item weights per batch at most (e.g. bytes per SQS batch request).</param>
/// <param name="MaxConcurrentBatches">Batches being sent at once at most.</param>
/// <param name="Capacity">Items waiting to be sent at most; beyond that <c>TryAdd</c> refuses.</param>
/// <param name="Linger">
/// How long a batch that is not full waits for more items. Zero sends at once whatever is there: batches then fill up
/// only while earlier ones are in flight, so a quiet service adds no latency.
/// </param>
/// <param name="BusyLinger">
/// How long a batch that is not full waits for more items while other batches are in flight (when the longer of
/// the two). Under load it fills batches without delaying anything when the service is quiet.
/// </param>
internal sealed record BatcherSettings(
    int MaxBatchSize, int MaxBatchWeight, int MaxConcurrentBatches, int Capacity, TimeSpan Linger, TimeSpan BusyLinger = default)
{
    /// <summary>
    /// Whether a batch of <paramref name="count"/> items weighing <paramref name="weight"/> takes one more weighing
    /// <paramref name="itemWeight"/>: within both limits, or the first item, however heavy (it then goes alone).
    /// </summary>
    public bool Takes(int count, int weight, int itemWeight) =>
        count < MaxBatchSize && (count == 0 || weight + itemWeight <= MaxBatchWeight);
}

/// <summary>One item in a batch, and the completion its caller is waiting on.</summary>
internal sealed class BatchEntry<TItem, TResult>(TItem item)
{
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TItem Item { get; } = item;

    public Task<TResult> Completion => _completion.Task;

    public bool IsCompleted => _completion.Task.IsCompleted;

    public void Succeed(TResult result) => _completion.TrySetResult(result);

    public void Fail(Exception exception) => _completion.TrySetException(exception);

    /// <summary>
    /// Sends <paramref name="batch"/> with <paramref name="send"/>, which completes its entries; those it leaves
    /// incomplete, or all of them when it throws, fail with the exception. Never throws.
    /// </summary>
    public static async Task SendAsync(
        IReadOnlyList<BatchEntry<TItem, TResult>> batch, Func<IReadOnlyList<BatchEntry<TItem, TResult>>, Task> send, ILogger logger)
    {
        Exception? failure = null;
        try
        {
            await send(batch);
        }
        catch (Exception exception)
        {
            failure = exception;
            logger.LogWarning(exception, "A batch of {Count} failed", batch.Count);
        }
        finally
        {
            failure ??= new InvalidOperationException("The batch was sent but this item got no result.");
            foreach (var entry in batch.Where(e => !e.IsCompleted))
            {
                entry.Fail(failure);
            }
        }
    }
}

/// <summary>
/// Collects items from many concurrent callers into batches, one downstream call per batch, and gives each caller
/// its own item's result (a batch can partly fail). Items wait in a bounded backlog; a full backlog refuses new items
/// rather than letting memory and latency grow without limit.
/// </summary>
internal sealed class AdaptiveBatcher<TItem, TResult> : IAsyncDisposable
{
    private readonly BatcherSettings _settings;
    private readonly Func<IReadOnlyList<BatchEntry<TItem, TResult>>, Task> _send;
    private readonly Func<TItem, int> _weigh;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Channel<BatchEntry<TItem, TResult>> _backlog;
    private readonly SemaphoreSlim _slots;
    private readonly Task _dispatcher;

    /// <param name="send">
    /// Sends one batch and completes its entries. Entries it leaves incomplete, or all of them when it throws, fail
    /// with the exception.
    /// </param>
    public AdaptiveBatcher(
        BatcherSettings settings,
        Func<IReadOnlyList<BatchEntry<TItem, TResult>>, Task> send,
        Func<TItem, int> weigh,
        TimeProvider clock,
        ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxBatchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.MaxConcurrentBatches, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Capacity, 1);
        _settings = settings;
        _send = send;
        _weigh = weigh;
        _clock = clock;
        _logger = logger;
        _backlog = Channel.CreateBounded<BatchEntry<TItem, TResult>>(
            new BoundedChannelOptions(settings.Capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        _slots = new SemaphoreSlim(settings.MaxConcurrentBatches, settings.MaxConcurrentBatches);
        // The dispatcher outlives whichever request created the batcher: it must not carry that request's
        // context (its trace, its logging scope) into every batch it sends.
        using (ExecutionContext.SuppressFlow())
        {
            _dispatcher = Task.Run(DispatchAsync);
        }
    }

    /// <summary>Items waiting for a batch.</summary>
    public int Backlog => _backlog.Reader.Count;

    /// <summary>
    /// Queues <paramref name="item"/>; false when the backlog is full or the batcher is closing. Its caller waits on
    /// the entry's completion, and may fail the entry itself when it stops waiting (the batch's sender sees it done).
    /// </summary>
    public bool TryAdd(TItem item, out BatchEntry<TItem, TResult> entry)
    {
        entry = new BatchEntry<TItem, TResult>(item);
        return _backlog.Writer.TryWrite(entry);
    }

    /// <summary>Stops taking items, sends everything already queued, and waits for every batch to finish.</summary>
    public async Task CompleteAsync()
    {
        _backlog.Writer.TryComplete();
        await _dispatcher;
    }

    public async ValueTask DisposeAsync()
    {
        await CompleteAsync();
        _slots.Dispose();
    }

    private async Task DispatchAsync()
    {
        var reader = _backlog.Reader;
        while (await reader.WaitToReadAsync())
        {
            await _slots.WaitAsync();
            var batch = await CollectAsync(reader);
            if (batch.Count == 0)
            {
                _slots.Release();
                continue;
            }

            _ = SendAsync(batch);
        }

        // Every slot back means every batch has been sent.
        for (var i = 0; i < _settings.MaxConcurrentBatches; i++)
        {
            await _slots.WaitAsync();
        }
    }

    private async Task<List<BatchEntry<TItem, TResult>>> CollectAsync(ChannelReader<BatchEntry<TItem, TResult>> reader)
    {
        var batch = new List<BatchEntry<TItem, TResult>>(_settings.MaxBatchSize);
        var weight = 0;
        var full = Fill(reader, batch, ref weight);
        // This call holds one slot; any other slot taken is a batch in flight.
        var busy = _slots.CurrentCount < _settings.MaxConcurrentBatches - 1;
        var lingerFor = busy && _settings.BusyLinger > _settings.Linger ? _settings.BusyLinger : _settings.Linger;
        if (full || batch.Count == 0 || lingerFor <= TimeSpan.Zero)
        {
            return batch;
        }

        using var linger = new CancellationTokenSource(lingerFor, _clock);
        try
        {
            while (!full && await reader.WaitToReadAsync(linger.Token))
            {
                full = Fill(reader, batch, ref weight);
            }
        }
        catch (OperationCanceledException) when (linger.IsCancellationRequested)
        {
            // Lingered long enough: send what there is, with what is already waiting (a wait that is cancelled does
            // not look for items first, so they could have arrived after the last fill).
            Fill(reader, batch, ref weight);
        }

        return batch;
    }

    /// <summary>Moves items into the batch while they fit; true when the batch can take no more.</summary>
    private bool Fill(ChannelReader<BatchEntry<TItem, TResult>> reader, List<BatchEntry<TItem, TResult>> batch, ref int weight)
    {
        while (batch.Count < _settings.MaxBatchSize && reader.TryPeek(out var next))
        {
            var itemWeight = _weigh(next.Item);
            if (!_settings.Takes(batch.Count, weight, itemWeight))
            {
                return true;
            }

            reader.TryRead(out _);
            batch.Add(next);
            weight += itemWeight;
        }

        return batch.Count == _settings.MaxBatchSize;
    }

    private async Task SendAsync(List<BatchEntry<TItem, TResult>> batch)
    {
        try
        {
            await BatchEntry<TItem, TResult>.SendAsync(batch, _send, _logger);
        }
        finally
        {
            _slots.Release();
        }
    }
}

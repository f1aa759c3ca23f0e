using System.Collections.Concurrent;
using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Infrastructure.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EmailPipeline.Infrastructure.Sqs.Polling;

/// <summary>
/// Takes messages from the queue and has them processed, never losing one:
/// <list type="bullet">
/// <item>receives (long polling) only as many as there is free capacity for, at most 10, once there is room for
/// 10 (or all of <see cref="PollerOptions.MaxConcurrency"/> when smaller); asks again at once after a non-empty
/// receive, and pauses <see cref="PollerOptions.PollInterval"/> after an empty one;</item>
/// <item>processes each message in a DI scope of its own, up to <see cref="PollerOptions.MaxConcurrency"/> at once;</item>
/// <item>deletes, in batches, only messages whose work is done; leaves the rest to come back after their
/// visibility timeout (and, past the queue's maxReceiveCount, to go to the dead-letter queue);</item>
/// <item>extends the visibility of messages still in work when less than half of it is left;</item>
/// <item>backs off (capped, exponential, full jitter) while receives or dependencies fail, and stops on a
/// misconfiguration (missing queue or bucket, denied access);</item>
/// <item>on shutdown stops receiving (a receive in flight gets 2 s to come back, and what it brings is handed
/// back), lets in-flight work finish for up to <see cref="PollerOptions.DrainTimeout"/>, hands back what did not
/// (visibility 0) and deletes what did.</item>
/// </list>
/// </summary>
public sealed partial class QueuePoller
{
    private const int MaxReceive = 10;

    private static readonly TimeSpan CancelledWorkGrace = TimeSpan.FromSeconds(2);

    /// <summary>How long a receive in flight at shutdown may take to come back: at once when the queue is busy.</summary>
    private static readonly TimeSpan ReceiveGrace = TimeSpan.FromSeconds(2);

    private readonly IQueueClient _queue;
    private readonly IServiceScopeFactory _scopes;
    private readonly PollerOptions _options;
    private readonly PollerState _state;
    private readonly TimeProvider _clock;
    private readonly ILogger<QueuePoller> _logger;
    private readonly Backoff _receiveBackoff;
    private readonly Backoff _workBackoff;
    private readonly SemaphoreSlim _capacity;
    private readonly SemaphoreSlim _slotFreed = new(0);
    private CancellationTokenSource? _cutReceiveShort;
    private readonly int _receiveThreshold;
    private readonly ConcurrentDictionary<string, InFlightMessage> _inFlight = new();
    private readonly ConcurrentQueue<string> _toRelease = new();
    private readonly Lock _ageLock = new();
    private AdaptiveBatcher<string, bool>? _deleter;
    private CancellationTokenSource? _stopReceiving;
    private Exception? _fatal;
    private TimeSpan _visibility;
    private double _oldestAgeSinceStats;

    public QueuePoller(
        IQueueClient queue,
        IServiceScopeFactory scopes,
        IOptions<PollerOptions> options,
        PollerState state,
        TimeProvider clock,
        ILogger<QueuePoller> logger,
        Random random)
    {
        _queue = queue;
        _scopes = scopes;
        _options = options.Value;
        _state = state;
        _clock = clock;
        _logger = logger;
        _receiveBackoff = new Backoff(_options.BackoffInitial, _options.BackoffMax, random);
        _workBackoff = new Backoff(_options.BackoffInitial, _options.BackoffMax, random);
        _capacity = new SemaphoreSlim(_options.MaxConcurrency, _options.MaxConcurrency);
        // A receive costs the same for 1 message as for 10: under load, wait for room for a full one.
        _receiveThreshold = Math.Min(MaxReceive, _options.MaxConcurrency);
    }

    /// <summary>The visibility timeout in use (the queue's, unless configured); known once running.</summary>
    public TimeSpan VisibilityTimeout => _visibility;

    /// <summary>
    /// Polls until <paramref name="stoppingToken"/> is cancelled, then drains. Throws
    /// <see cref="DependencyMisconfiguredException"/> when the service cannot work as configured.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        _state.Status = PollerStatus.Starting;
        var attributes = await ReadQueueAsync(stoppingToken);
        if (attributes is null)
        {
            _state.Status = PollerStatus.Stopped;
            return;
        }

        _visibility = _options.VisibilityTimeout ?? attributes.VisibilityTimeout;
        WarnAboutQueueSetup(attributes);

        using var stopReceiving = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        // A receive in flight at shutdown may already have taken messages off the queue; cancelled, it would leave
        // them invisible until their visibility timeout. It gets a moment to come back with them instead.
        using var cutReceiveShort = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _clock);
        _cutReceiveShort = cutReceiveShort;
        using var onStop = stopReceiving.Token.Register(() => cutReceiveShort.CancelAfter(ReceiveGrace));
        using var stopWork = new CancellationTokenSource();
        using var stopBackground = new CancellationTokenSource();
        _stopReceiving = stopReceiving;
        _deleter = new AdaptiveBatcher<string, bool>(
            new BatcherSettings(MaxReceive, int.MaxValue, MaxConcurrentBatches: 2, Capacity: 10_000, _options.DeleteLinger),
            DeleteBatchAsync, _ => 1, _clock, _logger);
        var heartbeat = RunHeartbeatAsync(stopBackground.Token);
        var stats = RunQueueStatsAsync(attributes.DeadLetterQueueName, stopBackground.Token);

        _state.Status = PollerStatus.Polling;
        LogStarted(_logger, _options.MaxConcurrency, _visibility.TotalSeconds, _options.PollInterval.TotalSeconds);
        try
        {
            await ReceiveLoopAsync(stopReceiving.Token, cutReceiveShort.Token, stopWork.Token);
        }
        finally
        {
            _state.Status = PollerStatus.Draining;
            await DrainAsync(stopWork);
            await ReleaseAsync();
            await _deleter.CompleteAsync();
            await stopBackground.CancelAsync();
            await Task.WhenAll(heartbeat, stats);
            _state.Status = _fatal is null ? PollerStatus.Stopped : PollerStatus.Failed;
            LogStopped(_logger);
        }

        if (_fatal is not null)
        {
            _state.Status = PollerStatus.Failed;
            throw _fatal;
        }
    }

    private async Task<QueueAttributes?> ReadQueueAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                var attributes = await _queue.GetAttributesAsync(stoppingToken);
                _receiveBackoff.Succeeded();
                return attributes;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return null;
            }
            catch (DependencyMisconfiguredException)
            {
                _state.Status = PollerStatus.Failed;
                throw;
            }
            catch (DependencyUnavailableException exception)
            {
                _receiveBackoff.Failed();
                var delay = _receiveBackoff.NextDelay();
                LogQueueUnreachable(_logger, exception.Message, delay.TotalSeconds);
                if (!await DelayAsync(delay, stoppingToken))
                {
                    return null;
                }
            }
        }
    }

    private void WarnAboutQueueSetup(QueueAttributes attributes)
    {
        if (!attributes.HasDeadLetterQueue)
        {
            LogNoDeadLetterQueue(_logger);
        }

        if (_visibility < _options.MessageTimeout * 2)
        {
            LogShortVisibility(_logger, _visibility.TotalSeconds, _options.MessageTimeout.TotalSeconds);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken stop, CancellationToken receive, CancellationToken work)
    {
        while (!stop.IsCancellationRequested)
        {
            _state.Beat();
            if (_capacity.CurrentCount < _receiveThreshold)
            {
                if (!await WaitForCapacityAsync(stop))
                {
                    return;
                }

                continue;
            }

            var delay = Max(_receiveBackoff.NextDelay(), _workBackoff.NextDelay());
            if (delay > TimeSpan.Zero && !await DelayAsync(delay, stop))
            {
                return;
            }

            IReadOnlyList<ReceivedMessage> messages;
            try
            {
                messages = await _queue.ReceiveAsync(Math.Min(MaxReceive, _capacity.CurrentCount), _options.WaitTime, receive);
                _receiveBackoff.Succeeded();
            }
            catch (OperationCanceledException) when (receive.IsCancellationRequested)
            {
                return;
            }
            catch (DependencyMisconfiguredException exception)
            {
                _fatal ??= exception;
                return;
            }
            catch (Exception exception)
            {
                _receiveBackoff.Failed();
                ConsumerMetrics.PollErrors.Inc();
                LogReceiveFailed(_logger, exception, exception.Message);
                continue;
            }

            ConsumerMetrics.ReceiveBatchSize.Observe(messages.Count);
            if (stop.IsCancellationRequested)
            {
                // Received after the stop: handed back at once (ReleaseAsync), not worked on.
                foreach (var message in messages)
                {
                    _toRelease.Enqueue(message.ReceiptHandle);
                }

                return;
            }

            if (messages.Count == 0)
            {
                if (_options.PollInterval > TimeSpan.Zero && !await DelayAsync(_options.PollInterval, stop))
                {
                    return;
                }

                continue;
            }

            foreach (var message in messages)
            {
                Start(message, work);
            }
        }
    }

    /// <summary>Waits until a message in work finishes (the loop then looks again at the free capacity).</summary>
    private async Task<bool> WaitForCapacityAsync(CancellationToken stop)
    {
        try
        {
            await _slotFreed.WaitAsync(stop);
            return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
    }

    private void Start(ReceivedMessage message, CancellationToken work)
    {
        // The receive asked for no more than the free capacity, so a slot is there.
        _capacity.Wait(0);
        ConsumerMetrics.InFlight.Inc();
        if (message.SentAt is { } sentAt)
        {
            var age = Math.Max(0, (_clock.GetUtcNow() - sentAt).TotalSeconds);
            ConsumerMetrics.MessageAge.Observe(age);
            lock (_ageLock)
            {
                _oldestAgeSinceStats = Math.Max(_oldestAgeSinceStats, age);
            }
        }

        var inFlight = new InFlightMessage(message, message.ReceivedAt + _visibility);
        _inFlight[message.ReceiptHandle] = inFlight;
        inFlight.Work = ProcessAsync(inFlight, work);
    }

    private async Task ProcessAsync(InFlightMessage inFlight, CancellationToken work)
    {
        // Off the receive loop at once: processing never delays the next receive.
        await Task.Yield();
        var message = inFlight.Message;
        var started = _clock.GetTimestamp();
        using var activity = Tracing.StartConsumerActivity(
            "emails process", message.Attributes.GetValueOrDefault(MessageAttributeNames.TraceParent));
        activity.SetTag("messaging.system", "aws_sqs");
        activity.SetTag("messaging.message.id", message.MessageId);
        MessageOutcome outcome;
        using (var budget = new CancellationTokenSource(_options.MessageTimeout, _clock))
        using (var token = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, work))
        {
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                var processor = scope.ServiceProvider.GetRequiredService<IQueueMessageProcessor>();
                outcome = await processor.ProcessAsync(message, token.Token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                outcome = work.IsCancellationRequested
                    ? MessageOutcome.Retry("shutdown", "The service stopped before the message was done.")
                    : MessageOutcome.Retry("timeout", $"The message took longer than {_options.MessageTimeout.TotalSeconds:0.#} s.");
            }
            catch (Exception exception)
            {
                LogProcessingError(_logger, exception, message.MessageId);
                outcome = MessageOutcome.Retry("error", exception.Message);
            }
        }

        try
        {
            Settle(message, outcome, work);
        }
        finally
        {
            ConsumerMetrics.ProcessingDuration.Observe(_clock.GetElapsedTime(started).TotalSeconds);
            _inFlight.TryRemove(message.ReceiptHandle, out _);
            ConsumerMetrics.InFlight.Dec();
            _capacity.Release();
            _slotFreed.Release();
        }
    }

    private void Settle(ReceivedMessage message, MessageOutcome outcome, CancellationToken work)
    {
        switch (outcome)
        {
            case MessageOutcome.CompletedOutcome:
                ConsumerMetrics.Processed.Inc();
                _workBackoff.Succeeded();
                LogCompleted(_logger, message.MessageId);
                if (!_deleter!.TryAdd(message.ReceiptHandle, out _))
                {
                    // Archived but not deleted: it comes back, is found archived, and is deleted then.
                    LogDeleteDropped(_logger, message.MessageId);
                }

                break;

            case MessageOutcome.PoisonOutcome poison:
                ConsumerMetrics.Failed.Inc();
                ConsumerMetrics.Poison.WithLabels(poison.Reason).Inc();
                LogPoison(_logger, message.MessageId, poison.Reason, message.ReceiveCount, poison.Detail);
                break;

            case MessageOutcome.RetryOutcome retry:
                ConsumerMetrics.Failed.Inc();
                ConsumerMetrics.Retries.WithLabels(retry.Reason).Inc();
                if (work.IsCancellationRequested)
                {
                    _toRelease.Enqueue(message.ReceiptHandle);
                }
                else
                {
                    _workBackoff.Failed();
                }

                LogRetry(_logger, message.MessageId, retry.Reason, message.ReceiveCount, retry.Detail);
                break;

            case MessageOutcome.FatalOutcome fatal:
                ConsumerMetrics.Failed.Inc();
                _fatal ??= fatal.Exception;
                LogFatal(_logger, fatal.Exception, message.MessageId, fatal.Exception.Message);
                _stopReceiving?.Cancel();
                _cutReceiveShort?.Cancel(); // nothing more is worked on: no need to wait for a receive
                break;
        }
    }

    private async Task DrainAsync(CancellationTokenSource stopWork)
    {
        var pending = _inFlight.Values.Select(m => m.Work).OfType<Task>().ToArray();
        if (pending.Length == 0)
        {
            return;
        }

        LogDraining(_logger, pending.Length, _options.DrainTimeout.TotalSeconds);
        var all = Task.WhenAll(pending);
        try
        {
            await all.WaitAsync(_options.DrainTimeout, _clock);
        }
        catch (TimeoutException)
        {
            LogDrainTimedOut(_logger, _inFlight.Count);
            await stopWork.CancelAsync();
            try
            {
                // Cancelled work ends promptly; this bound only guards against work that ignores cancellation.
                await all.WaitAsync(CancelledWorkGrace, _clock);
            }
            catch (TimeoutException)
            {
                LogWorkIgnoredCancellation(_logger, _inFlight.Count);
            }
        }
    }

    /// <summary>Hands messages whose work was cut short back to the queue at once, instead of after their timeout.</summary>
    private async Task ReleaseAsync()
    {
        var handles = new List<string>();
        while (_toRelease.TryDequeue(out var handle))
        {
            handles.Add(handle);
        }

        foreach (var chunk in handles.Chunk(MaxReceive))
        {
            try
            {
                var failed = await _queue.ChangeVisibilityAsync(chunk, TimeSpan.Zero, CancellationToken.None);
                ConsumerMetrics.Released.Inc(chunk.Length - failed.Count);
            }
            catch (Exception exception)
            {
                LogReleaseFailed(_logger, exception, chunk.Length, exception.Message);
            }
        }
    }

    private async Task DeleteBatchAsync(IReadOnlyList<BatchEntry<string, bool>> batch)
    {
        ConsumerMetrics.DeleteBatchSize.Observe(batch.Count);
        try
        {
            var failed = await _queue.DeleteAsync([.. batch.Select(e => e.Item)], CancellationToken.None);
            foreach (var entry in batch)
            {
                entry.Succeed(!failed.Contains(entry.Item));
            }

            if (failed.Count > 0)
            {
                ConsumerMetrics.DeleteFailures.Inc(failed.Count);
                LogDeleteFailed(_logger, failed.Count, "the queue refused some entries");
            }
        }
        catch (Exception exception)
        {
            ConsumerMetrics.DeleteFailures.Inc(batch.Count);
            LogDeleteFailed(_logger, batch.Count, exception.Message);
            foreach (var entry in batch)
            {
                entry.Succeed(false);
            }
        }
    }

    private async Task RunHeartbeatAsync(CancellationToken stop)
    {
        var interval = TimeSpan.FromTicks(Math.Clamp(_visibility.Ticks / 6, TimeSpan.FromMilliseconds(100).Ticks, TimeSpan.FromSeconds(10).Ticks));
        using var timer = new PeriodicTimer(interval, _clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await ExtendVisibilityAsync(stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped after the drain.
        }
    }

    /// <summary>Extends, in batches of 10, every in-flight message with less than half its visibility left.</summary>
    internal async Task ExtendVisibilityAsync(CancellationToken stop)
    {
        var now = _clock.GetUtcNow();
        var due = _inFlight.Values.Where(m => m.VisibleUntil - now <= _visibility / 2).ToList();
        foreach (var chunk in due.Chunk(MaxReceive))
        {
            try
            {
                var failed = await _queue.ChangeVisibilityAsync([.. chunk.Select(m => m.Message.ReceiptHandle)], _visibility, stop);
                foreach (var message in chunk.Where(m => !failed.Contains(m.Message.ReceiptHandle)))
                {
                    message.VisibleUntil = now + _visibility;
                    ConsumerMetrics.VisibilityExtensions.Inc();
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stop.IsCancellationRequested)
            {
                LogExtendFailed(_logger, exception, chunk.Length, exception.Message);
            }
        }
    }

    private async Task RunQueueStatsAsync(string? deadLetterQueueName, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(_options.QueueStatsInterval, _clock);
        try
        {
            do
            {
                try
                {
                    var attributes = await _queue.GetAttributesAsync(stop);
                    ConsumerMetrics.QueueMessagesVisible.Set(attributes.MessagesVisible);
                    ConsumerMetrics.QueueMessagesInFlight.Set(attributes.MessagesInFlight);
                    ConsumerMetrics.QueueMessagesDelayed.Set(attributes.MessagesDelayed);
                    if (deadLetterQueueName is not null)
                    {
                        ConsumerMetrics.DeadLetters.Set(await _queue.CountDeadLettersAsync(deadLetterQueueName, stop));
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    LogStatsFailed(_logger, exception.Message);
                }

                lock (_ageLock)
                {
                    ConsumerMetrics.OldestMessageAge.Set(_oldestAgeSinceStats);
                    _oldestAgeSinceStats = 0;
                }
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped after the drain.
        }
    }

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stop)
    {
        try
        {
            await Task.Delay(delay, _clock, stop);
            return true;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return false;
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Polling with up to {MaxConcurrency} messages at once, visibility timeout {VisibilitySeconds} s, pause after an empty receive {PollIntervalSeconds} s")]
    private static partial void LogStarted(ILogger logger, int maxConcurrency, double visibilitySeconds, double pollIntervalSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped polling")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The queue cannot be read yet ({Reason}); trying again in {DelaySeconds:0.0} s")]
    private static partial void LogQueueUnreachable(ILogger logger, string reason, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The queue has no redrive policy: a poison message will come back forever instead of reaching a dead-letter queue")]
    private static partial void LogNoDeadLetterQueue(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The visibility timeout ({VisibilitySeconds} s) is short for a message budget of {BudgetSeconds} s; messages will rely on visibility extensions")]
    private static partial void LogShortVisibility(ILogger logger, double visibilitySeconds, double budgetSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from the queue failed: {Reason}")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing message {MessageId} threw; it will come back after its visibility timeout")]
    private static partial void LogProcessingError(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Message {MessageId} is done; deleting it")]
    private static partial void LogCompleted(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} is poison ({Reason}, receive {ReceiveCount}): {Detail}. Left for the dead-letter queue")]
    private static partial void LogPoison(ILogger logger, string messageId, string reason, int receiveCount, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} was not archived ({Reason}, receive {ReceiveCount}): {Detail}. It will come back")]
    private static partial void LogRetry(ILogger logger, string messageId, string reason, int receiveCount, string detail);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Message {MessageId} shows the service is misconfigured; stopping: {Reason}")]
    private static partial void LogFatal(ILogger logger, Exception exception, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: waiting up to {DrainSeconds} s for {Count} messages in progress")]
    private static partial void LogDraining(ILogger logger, int count, double drainSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} messages did not finish in time; cancelling them and handing them back to the queue")]
    private static partial void LogDrainTimedOut(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} messages ignored cancellation; leaving them to their visibility timeout")]
    private static partial void LogWorkIgnoredCancellation(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not hand {Count} messages back to the queue; they come back after their visibility timeout: {Reason}")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} was archived but its delete could not be queued; it will come back and be deleted then")]
    private static partial void LogDeleteDropped(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting {Count} archived messages failed ({Reason}); they will come back and be recognised as archived")]
    private static partial void LogDeleteFailed(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Extending the visibility of {Count} messages failed: {Reason}")]
    private static partial void LogExtendFailed(ILogger logger, Exception exception, int count, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading the queue's attributes failed: {Reason}")]
    private static partial void LogStatsFailed(ILogger logger, string reason);

    /// <summary>A message being worked on, and until when the queue hides it from other consumers.</summary>
    private sealed class InFlightMessage(ReceivedMessage message, DateTimeOffset visibleUntil)
    {
        private long _visibleUntilTicks = visibleUntil.UtcTicks;

        public ReceivedMessage Message { get; } = message;

        public DateTimeOffset VisibleUntil
        {
            get => new(Interlocked.Read(ref _visibleUntilTicks), TimeSpan.Zero);
            set => Interlocked.Exchange(ref _visibleUntilTicks, value.UtcTicks);
        }

        public Task? Work { get; set; }
    }
}

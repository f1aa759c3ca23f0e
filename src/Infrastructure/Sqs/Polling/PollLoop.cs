using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace EmailPipeline.Infrastructure.Sqs.Polling;

/// <summary>
/// Takes messages from the queue and dispatches them, never more than there is room for. Once the queue's setup is
/// read (<see cref="QueueSetup"/>), it receives by long polling as many messages as there is free capacity for (at
/// most 10, once there is room for 10 or for all of <see cref="PollerOptions.MaxConcurrency"/> when smaller), at
/// once again after a non-empty receive and after <see cref="PollerOptions.PollInterval"/> after an empty one (and at
/// most once a second when an endpoint answers empty before the long poll's wait), backing off while receives or the
/// work fail. Each message goes to a <see cref="MessageWork"/>, its lease to a <see cref="LeaseKeeper"/>. On shutdown,
/// or a fatal outcome, it drains (<see cref="PollerStatus"/>).
/// </summary>
public sealed partial class PollLoop
{
    private static readonly Gauge InFlight = Metrics.CreateGauge("consumer_messages_in_flight", "Messages this Consumer is processing now.");
    private static readonly Counter PollErrors = Metrics.CreateCounter("consumer_poll_errors_total", "ReceiveMessage requests that failed.");
    private static readonly Histogram ReceiveBatchSize = Metrics.CreateHistogram(
        "sqs_receive_batch_size",
        "Messages returned per ReceiveMessage request (0 for an empty receive).",
        new HistogramConfiguration { Buckets = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });

    private const int MaxReceive = 10;

    /// <summary>
    /// How long past its wait a receive in flight at shutdown may take to come back. It is not cancelled sooner: SQS
    /// does not know a request was given up, and would go on handing it the messages that become visible (those the
    /// drain hands back included) for the rest of the wait, to stay invisible for a whole visibility timeout.
    /// </summary>
    private static readonly TimeSpan ReceiveGrace = TimeSpan.FromSeconds(2);

    /// <summary>The longest pause after an empty receive that came back before its wait was over (<see cref="EarlyEmptyPause"/>).</summary>
    private static readonly TimeSpan EarlyEmptyPauseLimit = TimeSpan.FromSeconds(1);

    /// <summary>How long cancelled work may take to end; it only guards against work that ignores cancellation.</summary>
    private static readonly TimeSpan CancelledWorkGrace = TimeSpan.FromSeconds(2);

    private readonly IQueueClient _queue;
    private readonly IServiceScopeFactory _scopes;
    private readonly PollerOptions _options;
    private readonly PollerState _state;
    private readonly ReceivedAges _ages;
    private readonly TimeProvider _clock;
    private readonly ILogger<PollLoop> _logger;
    private readonly Backoff _receiveBackoff;
    private readonly Backoff _workBackoff;
    private readonly ConcurrentDictionary<string, Task> _inFlight = new();
    private readonly SemaphoreSlim _workEnded = new(0);
    private readonly int _receiveThreshold;
    private CancellationTokenSource? _stopReceiving;
    private CancellationTokenSource? _receiving;
    private Exception? _fatal;
    private long _receiveAskedTicks;

    public PollLoop(
        IQueueClient queue,
        IServiceScopeFactory scopes,
        IOptions<PollerOptions> options,
        PollerState state,
        ReceivedAges ages,
        TimeProvider clock,
        ILogger<PollLoop> logger,
        Random? random = null)
    {
        _queue = queue;
        _scopes = scopes;
        _options = options.Value;
        _state = state;
        _ages = ages;
        _clock = clock;
        _logger = logger;
        _receiveBackoff = new Backoff(_options.BackoffInitial, _options.BackoffMax, random ?? Random.Shared);
        _workBackoff = new Backoff(_options.BackoffInitial, _options.BackoffMax, random ?? Random.Shared);
        // A receive costs the same for 1 message as for 10: under load, wait for room for a full one.
        _receiveThreshold = Math.Min(MaxReceive, _options.MaxConcurrency);
    }

    /// <summary>Polls until <paramref name="stoppingToken"/> is cancelled, then drains.</summary>
    /// <exception cref="DependencyMisconfiguredException">The service cannot work as configured.</exception>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        _state.Status = PollerStatus.Starting;
        if (await ReadVisibilityAsync(stoppingToken) is not { } visibility)
        {
            _state.Status = PollerStatus.Stopped;
            return;
        }

        using var stopReceiving = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var receiving = new CancellationTokenSource(Timeout.InfiniteTimeSpan, _clock);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStop = stopReceiving.Token.Register(() =>
        {
            // Within the drain's time, so that the host still stops when it expects to.
            receiving.CancelAfter(Min(ReceiveLeft() + ReceiveGrace, _options.DrainTimeout));
            stopped.TrySetResult();
        });
        using var stopWork = new CancellationTokenSource();
        (_stopReceiving, _receiving) = (stopReceiving, receiving);
        await using (var leases = new LeaseKeeper(_queue, visibility, _options.DeleteLinger, _clock, _logger))
        {
            var work = new MessageWork(_scopes, leases, _workBackoff, _options, _clock, _logger);
            _state.Status = PollerStatus.Polling;
            LogStarted(_logger, _options.MaxConcurrency, visibility.TotalSeconds, _options.PollInterval.TotalSeconds);
            var receive = ReceiveAsync(leases, work, stopReceiving.Token, receiving.Token, stopWork.Token);
            await Task.WhenAny(receive, stopped.Task);
            // The drain runs while a receive under way comes back (its messages are handed back, not worked on), and
            // again for any message the loop took on just as the stop came.
            _state.Status = PollerStatus.Draining;
            var deadline = _clock.GetUtcNow() + _options.DrainTimeout;
            await DrainAsync(stopWork, deadline);
            await receive;
            await DrainAsync(stopWork, deadline);
        }

        _state.Status = _fatal is null ? PollerStatus.Stopped : PollerStatus.Failed;
        LogStopped(_logger);
        if (_fatal is not null)
        {
            throw _fatal;
        }
    }

    private async Task<TimeSpan?> ReadVisibilityAsync(CancellationToken stoppingToken)
    {
        try
        {
            return await new QueueSetup(_queue, _options, _state, _receiveBackoff, _clock, _logger).ReadVisibilityAsync(stoppingToken);
        }
        catch (DependencyMisconfiguredException)
        {
            _state.Status = PollerStatus.Failed;
            throw;
        }
    }

    private async Task ReceiveAsync(LeaseKeeper leases, MessageWork work, CancellationToken stop, CancellationToken receive, CancellationToken working)
    {
        while (!stop.IsCancellationRequested)
        {
            _state.Beat();
            var free = _options.MaxConcurrency - _inFlight.Count;
            if (free < _receiveThreshold)
            {
                if (!await Pause.UntilAsync(_workEnded, stop))
                {
                    return;
                }

                continue; // and look again at the free capacity
            }

            var delay = Max(_receiveBackoff.NextDelay(), _workBackoff.NextDelay());
            if (delay > TimeSpan.Zero && !await Pause.ForAsync(delay, _clock, stop))
            {
                return;
            }

            IReadOnlyList<ReceivedMessage> messages;
            var asked = _clock.GetTimestamp();
            Interlocked.Exchange(ref _receiveAskedTicks, _clock.GetUtcNow().UtcTicks);
            try
            {
                messages = await _queue.ReceiveAsync(Math.Min(MaxReceive, free), _options.WaitTime, receive);
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
                PollErrors.Inc();
                LogReceiveFailed(_logger, exception, exception.Message);
                continue;
            }

            ReceiveBatchSize.Observe(messages.Count);
            if (stop.IsCancellationRequested)
            {
                // Received after the stop: handed back at once, not worked on.
                foreach (var message in messages)
                {
                    leases.Release(message);
                }

                return;
            }

            if (messages.Count == 0)
            {
                var pause = Max(_options.PollInterval, EarlyEmptyPause(_clock.GetElapsedTime(asked)));
                if (pause > TimeSpan.Zero && !await Pause.ForAsync(pause, _clock, stop))
                {
                    return;
                }

                continue;
            }

            foreach (var message in messages)
            {
                Dispatch(message, leases, work, working);
            }
        }
    }

    private void Dispatch(ReceivedMessage message, LeaseKeeper leases, MessageWork work, CancellationToken working)
    {
        leases.Hold(message);
        _ages.Record(message.SentAt);
        InFlight.Inc();
        // Created cold and counted in flight before it starts, so that it cannot end before it is counted. It runs
        // off the receive loop: processing never delays the next receive.
        var start = new Task<Task>(() => WorkOnAsync(message, work, working));
        _inFlight[message.ReceiptHandle] = start.Unwrap();
        start.Start(TaskScheduler.Default);
    }

    private async Task WorkOnAsync(ReceivedMessage message, MessageWork work, CancellationToken working)
    {
        try
        {
            if (await work.RunAsync(message, working) is MessageOutcome.FatalOutcome fatal)
            {
                _fatal ??= fatal.Exception;
                // Nothing more is worked on: no need to wait for a receive in flight either.
                await _stopReceiving!.CancelAsync();
                await _receiving!.CancelAsync();
            }
        }
        finally
        {
            _inFlight.TryRemove(message.ReceiptHandle, out _);
            InFlight.Dec();
            _workEnded.Release();
        }
    }

    /// <summary>How much of the wait of the receive last asked for is left (nothing when it is over).</summary>
    private TimeSpan ReceiveLeft()
    {
        var asked = new DateTimeOffset(Interlocked.Read(ref _receiveAskedTicks), TimeSpan.Zero);
        return Max(asked + _options.WaitTime - _clock.GetUtcNow(), TimeSpan.Zero);
    }

    /// <summary>Lets the work in flight finish until <paramref name="deadline"/>, then cancels it.</summary>
    private async Task DrainAsync(CancellationTokenSource stopWork, DateTimeOffset deadline)
    {
        var pending = _inFlight.Values.ToArray();
        if (pending.Length == 0)
        {
            return;
        }

        var left = Max(deadline - _clock.GetUtcNow(), TimeSpan.Zero);
        LogDraining(_logger, pending.Length, left.TotalSeconds);
        var all = Task.WhenAll(pending);
        try
        {
            await all.WaitAsync(left, _clock);
        }
        catch (TimeoutException)
        {
            LogDrainTimedOut(_logger, _inFlight.Count);
            await stopWork.CancelAsync();
            try
            {
                await all.WaitAsync(CancelledWorkGrace, _clock);
            }
            catch (TimeoutException)
            {
                LogWorkIgnoredCancellation(_logger, _inFlight.Count);
            }
        }
    }

    /// <summary>
    /// The pause after an empty receive that came back <paramref name="after"/> its request, before its wait was over:
    /// SQS answers an empty long poll only once the wait is over, so this answer is from an endpoint that ignores
    /// <c>WaitTimeSeconds</c> (a proxy, an emulator). Asked again at once, it would be asked thousands of times a
    /// second; paused, at most once a second, and never longer than the long poll would have taken.
    /// </summary>
    private TimeSpan EarlyEmptyPause(TimeSpan after)
    {
        var left = _options.WaitTime - after;
        return left <= TimeSpan.Zero ? TimeSpan.Zero : left < EarlyEmptyPauseLimit ? left : EarlyEmptyPauseLimit;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    [LoggerMessage(Level = LogLevel.Information, Message = "Polling with up to {MaxConcurrency} messages at once, visibility timeout {VisibilitySeconds} s, pause after an empty receive {PollIntervalSeconds} s")]
    private static partial void LogStarted(ILogger logger, int maxConcurrency, double visibilitySeconds, double pollIntervalSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped polling")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Receiving from the queue failed: {Reason}")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: waiting up to {DrainSeconds} s for {Count} messages in progress")]
    private static partial void LogDraining(ILogger logger, int count, double drainSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} messages did not finish in time; cancelling them and handing them back to the queue")]
    private static partial void LogDrainTimedOut(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Count} messages ignored cancellation; leaving them to their visibility timeout")]
    private static partial void LogWorkIgnoredCancellation(ILogger logger, int count);
}

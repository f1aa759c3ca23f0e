using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using EmailPipeline.Infrastructure.Sqs;

namespace EmailPipeline.Infrastructure.UnitTests.Sqs.Polling;

/// <summary>
/// An in-memory queue for the poller's decisions: it hands out what a test puts in, and records every call. A
/// receive with nothing to give waits, like a long poll, until messages are added or its wait time has passed on
/// the (fake) clock, and then returns empty.
/// </summary>
internal sealed class FakeQueue(TimeProvider clock, TimeSpan visibilityTimeout) : IQueueClient
{
    // Guards _available and _added: an Add is seen whole by a receive, and a receive that finds nothing waits on the
    // signal of the next Add, never on one that has already fired.
    private readonly Lock _lock = new();
    private readonly Queue<ReceivedMessage> _available = new();
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _next;

    public Channel<(int MaxMessages, DateTimeOffset At)> Receives { get; } = Channel.CreateUnbounded<(int, DateTimeOffset)>();

    public Channel<IReadOnlyList<string>> Deletes { get; } = Channel.CreateUnbounded<IReadOnlyList<string>>();

    public Channel<(IReadOnlyList<string> Handles, TimeSpan Visibility)> VisibilityChanges { get; } =
        Channel.CreateUnbounded<(IReadOnlyList<string>, TimeSpan)>();

    /// <summary>Makes the next receives fail with this exception, once each.</summary>
    public ConcurrentQueue<Exception> ReceiveFailures { get; } = new();

    public Exception? AttributesFailure { get; set; }

    /// <summary>Whether a receive with nothing to give returns empty at once, ignoring its wait (what SQS never does).</summary>
    public bool IgnoresWait { get; set; }

    /// <summary>What the dead-letter queue holds, as the queue reports it.</summary>
    public long DeadLetters { get; set; }

    /// <summary>When the queue's attributes were read.</summary>
    public Channel<DateTimeOffset> AttributeReads { get; } = Channel.CreateUnbounded<DateTimeOffset>();

    public IReadOnlyList<ReceivedMessage> Add(int count, string body = "{}")
    {
        var added = new List<ReceivedMessage>();
        // Read outside the lock: the fake clock's reads run due timers' callbacks, which could enter it on this thread.
        var now = clock.GetUtcNow();
        TaskCompletionSource signal;
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                var n = (++_next).ToString(CultureInfo.InvariantCulture);
                var message = new ReceivedMessage($"m{n}", $"h{n}", body, new Dictionary<string, string>(), 1, now, now, now);
                _available.Enqueue(message);
                added.Add(message);
            }

            signal = _added;
            _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        signal.TrySetResult();
        return added;
    }

    private int Available
    {
        get
        {
            lock (_lock)
            {
                return _available.Count;
            }
        }
    }

    public Task<QueueAttributes> GetAttributesAsync(CancellationToken cancellationToken)
    {
        AttributeReads.Writer.TryWrite(clock.GetUtcNow());
        return AttributesFailure is { } failure
            ? Task.FromException<QueueAttributes>(failure)
            : Task.FromResult(new QueueAttributes(visibilityTimeout, Available, 0, 0, DeadLetterQueueName: "dead-letters"));
    }

    public Task<long> CountDeadLettersAsync(string deadLetterQueueName, CancellationToken cancellationToken) => Task.FromResult(DeadLetters);

    public async Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(int maxMessages, TimeSpan wait, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Receives.Writer.TryWrite((maxMessages, clock.GetUtcNow()));
        if (ReceiveFailures.TryDequeue(out var failure))
        {
            throw failure;
        }

        Task? added = null;
        lock (_lock)
        {
            if (_available.Count == 0)
            {
                added = _added.Task;
            }
        }

        if (added is not null && !IgnoresWait)
        {
            await Task.WhenAny(added, Task.Delay(wait, clock, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
        }

        var messages = new List<ReceivedMessage>();
        var receivedAt = clock.GetUtcNow();
        lock (_lock)
        {
            while (messages.Count < maxMessages && _available.TryDequeue(out var message))
            {
                messages.Add(message with { ReceivedAt = receivedAt, LeasedFrom = receivedAt });
            }
        }

        return messages;
    }

    public Task<IReadOnlyCollection<string>> DeleteAsync(IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken)
    {
        Deletes.Writer.TryWrite([.. receiptHandles]);
        return Task.FromResult<IReadOnlyCollection<string>>([]);
    }

    public Task<IReadOnlyCollection<string>> ChangeVisibilityAsync(
        IReadOnlyList<string> receiptHandles, TimeSpan visibilityTimeout, CancellationToken cancellationToken)
    {
        VisibilityChanges.Writer.TryWrite(([.. receiptHandles], visibilityTimeout));
        return Task.FromResult<IReadOnlyCollection<string>>([]);
    }
}

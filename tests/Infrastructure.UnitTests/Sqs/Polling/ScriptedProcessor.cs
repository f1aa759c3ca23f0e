using System.Collections.Concurrent;
using System.Threading.Channels;
using EmailPipeline.Infrastructure.Sqs;
using EmailPipeline.Infrastructure.Sqs.Polling;

namespace EmailPipeline.Infrastructure.UnitTests.Sqs.Polling;

/// <summary>
/// A message processor whose outcome a test decides: by default each message waits until the test releases it
/// (so it stays in flight), then gives <see cref="Outcome"/>.
/// </summary>
internal sealed class ScriptedProcessor : IQueueMessageProcessor
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<MessageOutcome>> _pending = new();

    /// <summary>Messages as they start processing.</summary>
    public Channel<ReceivedMessage> Started { get; } = Channel.CreateUnbounded<ReceivedMessage>();

    /// <summary>When set, messages finish at once with this outcome instead of waiting to be released.</summary>
    public Func<ReceivedMessage, MessageOutcome>? Outcome { get; set; }

    public async Task<MessageOutcome> ProcessAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        var completion = _pending.GetOrAdd(message.MessageId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        Started.Writer.TryWrite(message);
        if (Outcome is { } outcome)
        {
            return outcome(message);
        }

        return await completion.Task.WaitAsync(cancellationToken);
    }

    public void Release(string messageId, MessageOutcome outcome) =>
        _pending.GetOrAdd(messageId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(outcome);

    public async Task<List<ReceivedMessage>> WaitForStartedAsync(int count)
    {
        var started = new List<ReceivedMessage>();
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (started.Count < count)
        {
            started.Add(await Started.Reader.ReadAsync(guard.Token));
        }

        return started;
    }
}

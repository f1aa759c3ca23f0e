using System.Collections.Concurrent;
using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace EmailPipeline.Infrastructure.Sqs.DeadLetters;

/// <summary>
/// The SQS calls the dead-letter command makes, each through <see cref="AwsCall"/>: finding the dead-letter queue,
/// receiving its messages whole (every attribute, with its type), sending copies to the queue, deleting and putting
/// back (through an <see cref="IQueueClient"/> for the dead-letter queue), and SQS's own message move tasks.
/// </summary>
internal sealed class SqsDeadLetters(
    IAmazonSQS sqs, IQueueClient queue, IOptions<QueueOptions> queueOptions, IOptions<DeadLetterOptions> options, TimeProvider clock)
{
    private const string DeadLetterSourceAttribute = "DeadLetterQueueSourceArn";
    private const int MaxAttributes = 10;
    private static readonly TimeSpan CallBudget = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ReceiveWait = TimeSpan.FromSeconds(1);
    private static readonly List<string> All = ["All"];

    private readonly AwsCall _aws = new(Dependencies.Sqs, clock, SqsMetrics.Requests);
    private readonly ConcurrentDictionary<string, IQueueClient> _clients = new(StringComparer.Ordinal);

    /// <summary>
    /// The queue (<c>SQS_QUEUE_URL</c>) and its dead-letter queue: the one <see cref="DeadLetterOptions.QueueUrl"/> sets,
    /// else the one the queue's redrive policy names. A queue without either is a misconfiguration.
    /// </summary>
    public async Task<DeadLetterQueues> LocateAsync(CancellationToken cancellationToken)
    {
        var queueUrl = queueOptions.Value.QueueUrl;
        if (options.Value.QueueUrl is { Length: > 0 } configured)
        {
            return new DeadLetterQueues(queueUrl, configured, $"{DeadLetterOptions.Section}__QueueUrl");
        }

        var attributes = await queue.GetAttributesAsync(cancellationToken);
        return attributes.DeadLetterQueueName is { } name
            ? new DeadLetterQueues(queueUrl, QueueOptions.SiblingUrl(queueUrl, name), "the queue's redrive policy")
            : throw new DependencyMisconfiguredException(
                Dependencies.Sqs,
                $"The queue {queueUrl} has no redrive policy, so no dead-letter queue; set {DeadLetterOptions.Section}__QueueUrl to name one.");
    }

    /// <summary>Messages waiting in the queue at <paramref name="queueUrl"/>, as SQS counts them (approximately).</summary>
    public Task<long> CountAsync(string queueUrl, CancellationToken cancellationToken) =>
        _aws.RunAsync(SqsOperations.GetQueueAttributes, CallBudget, async token =>
        {
            var response = await sqs.GetQueueAttributesAsync(
                new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["ApproximateNumberOfMessages"] }, token);
            return long.TryParse((response.Attributes ?? []).GetValueOrDefault("ApproximateNumberOfMessages"), CultureInfo.InvariantCulture, out var count)
                ? count
                : 0;
        }, cancellationToken);

    /// <summary>Up to <paramref name="max"/> (at most 10) messages, hidden for <see cref="DeadLetterOptions.Visibility"/>.</summary>
    public Task<IReadOnlyList<Message>> ReceiveAsync(string queueUrl, int max, CancellationToken cancellationToken) =>
        _aws.RunAsync(SqsOperations.ReceiveMessage, ReceiveWait + CallBudget, async token =>
        {
            var response = await sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = queueUrl,
                    MaxNumberOfMessages = Math.Clamp(max, 1, 10),
                    WaitTimeSeconds = (int)ReceiveWait.TotalSeconds,
                    VisibilityTimeout = (int)options.Value.Visibility.TotalSeconds,
                    MessageSystemAttributeNames = All,
                    MessageAttributeNames = All,
                },
                token);
            return (IReadOnlyList<Message>)(response.Messages ?? []);
        }, cancellationToken);

    public DeadLetter ToDeadLetter(Message message)
    {
        var now = clock.GetUtcNow();
        return new(SqsQueueClient.ToReceived(message, now, now), (message.Attributes ?? []).GetValueOrDefault(DeadLetterSourceAttribute));
    }

    /// <summary>
    /// Sends a copy of each message to the queue at <paramref name="queueUrl"/>: the same body and attributes, and
    /// <see cref="DeadLetterAttributes.OriginalMessageId"/>. Returns the ids of the messages copied, and why the others were not.
    /// </summary>
    public Task<(IReadOnlySet<string> Sent, IReadOnlyList<string> Failures)> SendAsync(
        string queueUrl, IReadOnlyList<Message> messages, CancellationToken cancellationToken) =>
        _aws.RunAsync(SqsOperations.SendMessageBatch, CallBudget, async token =>
        {
            var response = await sqs.SendMessageBatchAsync(
                new SendMessageBatchRequest { QueueUrl = queueUrl, Entries = [.. messages.Select((m, i) => Copy(m, Id(i)))] }, token);
            IReadOnlySet<string> sent = (response.Successful ?? []).Select(s => messages[Index(s.Id)].MessageId).ToHashSet(StringComparer.Ordinal);
            IReadOnlyList<string> failures = [.. (response.Failed ?? []).Select(f => $"{messages[Index(f.Id)].MessageId}: {f.Code}")];
            return (sent, failures);
        }, cancellationToken);

    /// <summary>Deletes the messages; returns the receipt handles that could not be deleted.</summary>
    public Task<IReadOnlyCollection<string>> DeleteAsync(string queueUrl, IEnumerable<string> receiptHandles, CancellationToken cancellationToken) =>
        InBatchesAsync(receiptHandles, batch => ClientFor(queueUrl).DeleteAsync(batch, cancellationToken));

    /// <summary>Makes the messages visible again at once; returns the receipt handles that could not be changed.</summary>
    public Task<IReadOnlyCollection<string>> ReleaseAsync(string queueUrl, IEnumerable<string> receiptHandles, CancellationToken cancellationToken) =>
        InBatchesAsync(receiptHandles, batch => ClientFor(queueUrl).ChangeVisibilityAsync(batch, TimeSpan.Zero, cancellationToken));

    public Task<string> ArnAsync(string queueUrl, CancellationToken cancellationToken) =>
        _aws.RunAsync(SqsOperations.GetQueueAttributes, CallBudget, async token =>
            (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest { QueueUrl = queueUrl, AttributeNames = ["QueueArn"] }, token))
                .Attributes["QueueArn"], cancellationToken);

    /// <summary>Starts SQS's own move of every message from <paramref name="sourceArn"/> to <paramref name="destinationArn"/>.</summary>
    public Task<string> StartMoveTaskAsync(string sourceArn, string destinationArn, CancellationToken cancellationToken) =>
        _aws.RunAsync(SqsOperations.StartMessageMoveTask, CallBudget, async token =>
            (await sqs.StartMessageMoveTaskAsync(new StartMessageMoveTaskRequest { SourceArn = sourceArn, DestinationArn = destinationArn }, token))
                .TaskHandle, cancellationToken);

    /// <summary>How the move task <paramref name="taskHandle"/> stands, or null while SQS does not list it yet.</summary>
    public Task<MoveTaskStatus?> GetMoveTaskAsync(string sourceArn, string taskHandle, CancellationToken cancellationToken) =>
        _aws.RunAsync(SqsOperations.ListMessageMoveTasks, CallBudget, async token =>
        {
            var response = await sqs.ListMessageMoveTasksAsync(new ListMessageMoveTasksRequest { SourceArn = sourceArn, MaxResults = 10 }, token);
            return (response.Results ?? []).FirstOrDefault(t => t.TaskHandle == taskHandle) is { } task
                ? new MoveTaskStatus(task.Status, task.ApproximateNumberOfMessagesMoved ?? 0, task.ApproximateNumberOfMessagesToMove, task.FailureReason)
                : null;
        }, cancellationToken);

    private static SendMessageBatchRequestEntry Copy(Message message, string id)
    {
        var attributes = (message.MessageAttributes ?? []).ToDictionary(a => a.Key, a => new MessageAttributeValue
        {
            DataType = a.Value.DataType,
            StringValue = a.Value.StringValue,
            BinaryValue = a.Value.BinaryValue is { } binary ? new MemoryStream(binary.ToArray()) : null,
        });
        // SQS allows ten attributes: a message that already has ten keeps them, and goes without the original id.
        if (!attributes.ContainsKey(DeadLetterAttributes.OriginalMessageId) && attributes.Count < MaxAttributes)
        {
            attributes[DeadLetterAttributes.OriginalMessageId] = new MessageAttributeValue { DataType = "String", StringValue = message.MessageId };
        }

        return new SendMessageBatchRequestEntry(id, message.Body) { MessageAttributes = attributes };
    }

    private static async Task<IReadOnlyCollection<string>> InBatchesAsync(
        IEnumerable<string> receiptHandles, Func<IReadOnlyList<string>, Task<IReadOnlyCollection<string>>> call)
    {
        var failed = new List<string>();
        foreach (var batch in receiptHandles.Chunk(10))
        {
            failed.AddRange(await call(batch));
        }

        return failed;
    }

    private IQueueClient ClientFor(string queueUrl) =>
        _clients.GetOrAdd(queueUrl, url => new SqsQueueClient(sqs, Options.Create(new QueueOptions { QueueUrl = url }), clock));

    private static string Id(int index) => index.ToString(CultureInfo.InvariantCulture);

    private static int Index(string id) => int.Parse(id, CultureInfo.InvariantCulture);
}

/// <summary>How an SQS message move task stands: <c>RUNNING</c>, <c>COMPLETED</c>, <c>CANCELLING</c>, <c>CANCELLED</c> or <c>FAILED</c>.</summary>
internal sealed record MoveTaskStatus(string Status, long Moved, long? ToMove, string? FailureReason)
{
    public bool IsRunning => Status is "RUNNING" or "CANCELLING";
}

using System.Globalization;
using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace EmailPipeline.Infrastructure.Sqs;

/// <summary>
/// <see cref="IQueueClient"/> on SQS. Every call has a time budget; failures come out as the Application's
/// <c>DependencyUnavailableException</c> (retry) or <c>DependencyMisconfiguredException</c> (stop).
/// </summary>
internal sealed class SqsQueueClient(IAmazonSQS sqs, IOptions<QueueOptions> queue, TimeProvider clock) : IQueueClient
{
    /// <summary>The budget for calls that do not wait for messages.</summary>
    private static readonly TimeSpan CallBudget = TimeSpan.FromSeconds(10);

    private static readonly List<string> SystemAttributes = ["ApproximateReceiveCount", "SentTimestamp"];
    private static readonly List<string> AllMessageAttributes = ["All"];

    // Read when first used, not when built: a hosted service that uses this client is built before options are validated.
    private string QueueUrl => queue.Value.QueueUrl;
    private readonly AwsCall _aws = new(Dependencies.Sqs, clock, SqsMetrics.Requests);

    public Task<QueueAttributes> GetAttributesAsync(CancellationToken cancellationToken) =>
        _aws.RunAsync(SqsOperations.GetQueueAttributes, CallBudget, async token =>
        {
            var response = await sqs.GetQueueAttributesAsync(
                new GetQueueAttributesRequest
                {
                    QueueUrl = QueueUrl,
                    AttributeNames =
                    [
                        "VisibilityTimeout", "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible",
                        "ApproximateNumberOfMessagesDelayed", "RedrivePolicy", "MaximumMessageSize",
                    ],
                },
                token);
            var attributes = response.Attributes ?? [];
            return new QueueAttributes(
                TimeSpan.FromSeconds(Number(attributes, "VisibilityTimeout", 30)),
                Number(attributes, "ApproximateNumberOfMessages", 0),
                Number(attributes, "ApproximateNumberOfMessagesNotVisible", 0),
                Number(attributes, "ApproximateNumberOfMessagesDelayed", 0),
                DeadLetterQueueName(attributes.GetValueOrDefault("RedrivePolicy")),
                (int)Number(attributes, "MaximumMessageSize", SqsLimits.MaxMessageBytes));
        }, cancellationToken);

    public Task<long> CountDeadLettersAsync(string deadLetterQueueName, CancellationToken cancellationToken) =>
        _aws.RunAsync(SqsOperations.GetQueueAttributes, CallBudget, async token =>
        {
            var url = QueueOptions.SiblingUrl(QueueUrl, deadLetterQueueName);
            var response = await sqs.GetQueueAttributesAsync(
                new GetQueueAttributesRequest { QueueUrl = url, AttributeNames = ["ApproximateNumberOfMessages"] }, token);
            return Number(response.Attributes ?? [], "ApproximateNumberOfMessages", 0);
        }, cancellationToken);

    public Task<IReadOnlyList<ReceivedMessage>> ReceiveAsync(int maxMessages, TimeSpan wait, CancellationToken cancellationToken) =>
        _aws.RunAsync(SqsOperations.ReceiveMessage, wait + CallBudget, async token =>
        {
            var requestedAt = clock.GetUtcNow();
            var response = await sqs.ReceiveMessageAsync(
                new ReceiveMessageRequest
                {
                    QueueUrl = QueueUrl,
                    MaxNumberOfMessages = Math.Clamp(maxMessages, 1, 10),
                    WaitTimeSeconds = (int)wait.TotalSeconds,
                    MessageSystemAttributeNames = SystemAttributes,
                    MessageAttributeNames = AllMessageAttributes,
                },
                token);

            // SDK v4 leaves absent collections null, an empty receive included.
            var receivedAt = clock.GetUtcNow();
            return (IReadOnlyList<ReceivedMessage>)[.. (response.Messages ?? []).Select(m => ToReceived(m, requestedAt, receivedAt))];
        }, cancellationToken);

    public Task<IReadOnlyCollection<string>> DeleteAsync(IReadOnlyList<string> receiptHandles, CancellationToken cancellationToken) =>
        _aws.RunAsync(SqsOperations.DeleteMessageBatch, CallBudget, async token =>
        {
            var response = await sqs.DeleteMessageBatchAsync(
                new DeleteMessageBatchRequest
                {
                    QueueUrl = QueueUrl,
                    Entries = [.. receiptHandles.Select((handle, i) => new DeleteMessageBatchRequestEntry(Id(i), handle))],
                },
                token);
            return FailedHandles(receiptHandles, response.Failed?.Select(f => f.Id));
        }, cancellationToken);

    public Task<IReadOnlyCollection<string>> ChangeVisibilityAsync(
        IReadOnlyList<string> receiptHandles, TimeSpan visibilityTimeout, CancellationToken cancellationToken) =>
        _aws.RunAsync(SqsOperations.ChangeMessageVisibilityBatch, CallBudget, async token =>
        {
            var response = await sqs.ChangeMessageVisibilityBatchAsync(
                new ChangeMessageVisibilityBatchRequest
                {
                    QueueUrl = QueueUrl,
                    Entries = [.. receiptHandles.Select((handle, i) => new ChangeMessageVisibilityBatchRequestEntry(Id(i), handle)
                    {
                        VisibilityTimeout = (int)visibilityTimeout.TotalSeconds,
                    })],
                },
                token);
            return FailedHandles(receiptHandles, response.Failed?.Select(f => f.Id));
        }, cancellationToken);

    internal static ReceivedMessage ToReceived(Message message, DateTimeOffset requestedAt, DateTimeOffset receivedAt)
    {
        var system = message.Attributes ?? [];
        return new ReceivedMessage(
            message.MessageId,
            message.ReceiptHandle,
            message.Body ?? string.Empty,
            (message.MessageAttributes ?? [])
                .Where(a => a.Value.StringValue is not null)
                .ToDictionary(a => a.Key, a => a.Value.StringValue),
            (int)Number(system, "ApproximateReceiveCount", 1),
            system.TryGetValue("SentTimestamp", out var sent) && long.TryParse(sent, CultureInfo.InvariantCulture, out var ms)
                ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
                : null,
            receivedAt,
            requestedAt);
    }

    /// <summary>The queue name at the end of the redrive policy's <c>deadLetterTargetArn</c>.</summary>
    private static string? DeadLetterQueueName(string? redrivePolicy)
    {
        if (string.IsNullOrEmpty(redrivePolicy))
        {
            return null;
        }

        using var policy = JsonDocument.Parse(redrivePolicy);
        return policy.RootElement.TryGetProperty("deadLetterTargetArn", out var arn) && arn.GetString() is { } value
            ? value[(value.LastIndexOf(':') + 1)..]
            : null;
    }

    private static string Id(int index) => index.ToString(CultureInfo.InvariantCulture);

    private static IReadOnlyCollection<string> FailedHandles(IReadOnlyList<string> handles, IEnumerable<string>? failedIds) =>
        [.. (failedIds ?? []).Select(id => handles[int.Parse(id, CultureInfo.InvariantCulture)])];

    private static long Number(Dictionary<string, string> attributes, string name, long fallback) =>
        attributes.TryGetValue(name, out var text) && long.TryParse(text, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}

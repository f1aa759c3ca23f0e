namespace EmailPipeline.Infrastructure.Sqs;

/// <summary>The SQS API operations the services call, by the names that label <c>sqs_requests_total{operation}</c>.</summary>
public static class SqsOperations
{
    public const string SendMessageBatch = "SendMessageBatch", ReceiveMessage = "ReceiveMessage", GetQueueAttributes = "GetQueueAttributes";
    public const string DeleteMessageBatch = "DeleteMessageBatch", ChangeMessageVisibilityBatch = "ChangeMessageVisibilityBatch";
    public const string StartMessageMoveTask = "StartMessageMoveTask", ListMessageMoveTasks = "ListMessageMoveTasks";

    /// <summary>The Api's: it publishes, and checks the queue for readiness.</summary>
    public static IReadOnlyList<string> Publishing { get; } = [SendMessageBatch, GetQueueAttributes];

    /// <summary>The Consumer's: it receives, deletes, extends and hands back, and reads the queue's depth.</summary>
    public static IReadOnlyList<string> Polling { get; } = [ReceiveMessage, DeleteMessageBatch, ChangeMessageVisibilityBatch, GetQueueAttributes];

    /// <summary>The dead-letter command's: it reads, moves and deletes dead letters.</summary>
    public static IReadOnlyList<string> DeadLetters { get; } =
    [
        GetQueueAttributes, ReceiveMessage, ChangeMessageVisibilityBatch, SendMessageBatch, DeleteMessageBatch, StartMessageMoveTask, ListMessageMoveTasks,
    ];
}

using System.Text.Json;
using System.Text.Json.Nodes;
using EmailPipeline.TestCommon;

namespace EmailPipeline.Infrastructure.UnitTests.Sqs.DeadLetters;

/// <summary>
/// An SQS endpoint with message move tasks, which no emulator at hand implements (moto and fauxqs lack them), and
/// little else: GetQueueAttributes answers a queue's ARN and depth, StartMessageMoveTask starts the one task, and
/// ListMessageMoveTasks reports it as the test scripts. It speaks SQS's JSON protocol on a loopback port, so the SDK's
/// own client is what talks to it.
/// </summary>
internal sealed class MoveTaskEndpoint : IDisposable
{
    public const string TaskHandle = "task-1";

    private readonly Queue<(string Status, long Moved)> _script;
    private readonly StubEndpoint _endpoint;

    public MoveTaskEndpoint(params (string Status, long Moved)[] script)
    {
        _script = new Queue<(string, long)>(script);
        _endpoint = new StubEndpoint((request, body) => (200, Answer(request.Headers["X-Amz-Target"], JsonNode.Parse(body)!).ToJsonString()));
    }

    public Uri Url => _endpoint.Url;

    /// <summary>The move tasks started: their source and destination ARNs.</summary>
    public List<(string Source, string Destination)> Started { get; } = [];

    public static string ArnOf(string queueUrl) => $"arn:aws:sqs:us-east-1:123456789012:{queueUrl[(queueUrl.LastIndexOf('/') + 1)..]}";

    public void Dispose() => _endpoint.Dispose();

    private JsonObject Answer(string? target, JsonNode request)
    {
        switch (target)
        {
            case "AmazonSQS.GetQueueAttributes":
                var url = request["QueueUrl"]!.GetValue<string>();
                return new JsonObject { ["Attributes"] = new JsonObject { ["QueueArn"] = ArnOf(url), ["ApproximateNumberOfMessages"] = "7" } };
            case "AmazonSQS.StartMessageMoveTask":
                lock (Started)
                {
                    Started.Add((request["SourceArn"]!.GetValue<string>(), request["DestinationArn"]!.GetValue<string>()));
                }

                return new JsonObject { ["TaskHandle"] = TaskHandle };
            case "AmazonSQS.ListMessageMoveTasks":
                var (status, moved) = _script.Count > 1 ? _script.Dequeue() : _script.Peek();
                var task = new JsonObject
                {
                    ["TaskHandle"] = TaskHandle,
                    ["Status"] = status,
                    ["SourceArn"] = request["SourceArn"]!.GetValue<string>(),
                    ["ApproximateNumberOfMessagesMoved"] = moved,
                    ["ApproximateNumberOfMessagesToMove"] = 7,
                };
                if (status == "FAILED")
                {
                    task["FailureReason"] = "AccessDenied";
                }

                return new JsonObject { ["Results"] = new JsonArray(task) };
            default:
                throw new InvalidOperationException($"{target} is not served here: {JsonSerializer.Serialize(request)}");
        }
    }
}

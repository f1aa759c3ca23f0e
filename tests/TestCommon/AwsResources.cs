using System.Globalization;
using Amazon.S3;
using Amazon.S3.Model;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace EmailPipeline.TestCommon;

/// <summary>A queue (with its dead-letter queue, when asked for).</summary>
public sealed record TestQueue(string Url, string? DeadLetterUrl);

/// <summary>Creates what a test needs on the emulators, each under a name no other test uses.</summary>
public sealed class AwsResources(AwsEndpoints endpoints) : IDisposable
{
    private readonly AmazonSQSClient _sqs = endpoints.CreateSqsClient();
    private readonly AmazonS3Client _s3 = endpoints.CreateS3Client();
    private readonly AmazonSimpleSystemsManagementClient _ssm = endpoints.CreateSsmClient();

    public AwsResources(MotoServer moto)
        : this(moto.Endpoints)
    {
    }

    public IAmazonSQS Sqs => _sqs;

    public IAmazonS3 S3 => _s3;

    public IAmazonSimpleSystemsManagement Ssm => _ssm;

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 63)];

    /// <summary>
    /// A queue; with <paramref name="maxReceiveCount"/>, also a dead-letter queue it redrives to; with
    /// <paramref name="maximumMessageSize"/>, taking messages of up to that many bytes.
    /// </summary>
    public async Task<TestQueue> CreateQueueAsync(int visibilityTimeoutSeconds = 30, int? maxReceiveCount = null, int? maximumMessageSize = null)
    {
        var name = UniqueName("emails");
        var attributes = new Dictionary<string, string>
        {
            ["VisibilityTimeout"] = visibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        };
        if (maximumMessageSize is { } size)
        {
            attributes["MaximumMessageSize"] = size.ToString(CultureInfo.InvariantCulture);
        }

        string? deadLetterUrl = null;
        if (maxReceiveCount is { } count)
        {
            deadLetterUrl = (await _sqs.CreateQueueAsync(name + "-dlq")).QueueUrl;
            var deadLetterArn = (await _sqs.GetQueueAttributesAsync(deadLetterUrl, ["QueueArn"])).Attributes["QueueArn"];
            attributes["RedrivePolicy"] =
                $$"""{"deadLetterTargetArn":"{{deadLetterArn}}","maxReceiveCount":"{{count}}"}""";
        }

        var url = (await _sqs.CreateQueueAsync(new CreateQueueRequest { QueueName = name, Attributes = attributes })).QueueUrl;
        return new TestQueue(url, deadLetterUrl);
    }

    public async Task<string> CreateBucketAsync()
    {
        var name = UniqueName("archive");
        await _s3.PutBucketAsync(new PutBucketRequest { BucketName = name });
        return name;
    }

    public async Task<string> PutTokenAsync(string value, string? name = null)
    {
        name ??= "/" + UniqueName("token");
        await _ssm.PutParameterAsync(new PutParameterRequest
        {
            Name = name,
            Value = value,
            Type = ParameterType.SecureString,
            Overwrite = true,
        });
        return name;
    }

    /// <summary>Every message now in the queue, taken off it (visibility 0 is not used: they are gone for a while).</summary>
    public async Task<List<Message>> DrainQueueAsync(string queueUrl, int expected, TimeSpan timeout)
    {
        var messages = new List<Message>();
        using var cancellation = new CancellationTokenSource(timeout);
        while (messages.Count < expected && !cancellation.IsCancellationRequested)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = 1,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = ["All"],
            });
            messages.AddRange(response.Messages ?? []);
        }

        return messages;
    }

    public async Task<int> CountMessagesAsync(string queueUrl)
    {
        var (visible, inFlight) = await CountMessagesByStateAsync(queueUrl);
        return visible + inFlight;
    }

    /// <summary>Messages waiting, and messages received but not yet deleted (in flight).</summary>
    public async Task<(int Visible, int InFlight)> CountMessagesByStateAsync(string queueUrl)
    {
        var attributes = await _sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        return (attributes.ApproximateNumberOfMessages, attributes.ApproximateNumberOfMessagesNotVisible);
    }

    /// <summary>
    /// Completes once the queue holds no message, waiting or in flight: every message sent to it has been deleted,
    /// which the Consumer does only once its email is in S3.
    /// </summary>
    public async Task WaitUntilEmptyAsync(string queueUrl, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        int left;
        while ((left = await CountMessagesAsync(queueUrl)) > 0)
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{left} messages are still in {queueUrl} after {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> messages wait in the queue, visible.</summary>
    public async Task WaitUntilVisibleAsync(string queueUrl, int count, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while ((await CountMessagesByStateAsync(queueUrl)).Visible < count)
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"Fewer than {count} messages are visible in {queueUrl} after {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
        }
    }

    public async Task<List<S3Object>> ListObjectsAsync(string bucket, string prefix = "emails/")
    {
        var response = await _s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket, Prefix = prefix });
        return response.S3Objects ?? [];
    }

    public async Task<string> ReadObjectAsync(string bucket, string key)
    {
        using var response = await _s3.GetObjectAsync(bucket, key);
        using var reader = new StreamReader(response.ResponseStream);
        return await reader.ReadToEndAsync();
    }

    public void Dispose()
    {
        _sqs.Dispose();
        _s3.Dispose();
        _ssm.Dispose();
    }
}

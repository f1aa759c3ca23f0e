using System.Globalization;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using EmailPipeline.TestCommon;

namespace EmailPipeline.FaultInjection;

/// <summary>
/// SQS (fauxqs), S3 (moto) and SSM (moto) as three loopback endpoints, so that each can fail alone, and the built
/// Api and Consumer pointed at them through the SDK's standard variables; services can be stopped and started.
/// </summary>
internal sealed class Pipeline : IAsyncDisposable
{
    /// <summary>Short, so that the messages of a killed Consumer come back within the run (6 × the message timeout).</summary>
    public const int VisibilityTimeoutSeconds = 12;

    public const int MaxReceiveCount = 5;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _logs;
    private readonly string _apiAssembly;
    private readonly string _consumerAssembly;
    private int _started;

    private Pipeline(FauxqsServer sqs, MotoServer s3, MotoServer ssm, string apiAssembly, string consumerAssembly, string logs)
    {
        SqsEndpoint = sqs;
        S3Endpoint = s3;
        SsmEndpoint = ssm;
        _apiAssembly = apiAssembly;
        _consumerAssembly = consumerAssembly;
        _logs = logs;
        Sqs = sqs.CreateSqsClient();
        S3 = s3.CreateS3Client();
    }

    public FauxqsServer SqsEndpoint { get; }

    public MotoServer S3Endpoint { get; }

    public MotoServer SsmEndpoint { get; }

    public AmazonSQSClient Sqs { get; }

    public AmazonS3Client S3 { get; }

    public string QueueUrl { get; private set; } = null!;

    public string DeadLetterQueueUrl { get; private set; } = null!;

    public string Bucket { get; private set; } = null!;

    public string TokenParameter { get; private set; } = null!;

    public ServiceProcess Api { get; private set; } = null!;

    public Uri ApiAddress { get; private set; } = null!;

    public ServiceProcess Consumer { get; private set; } = null!;

    public Uri ConsumerAddress { get; private set; } = null!;

    public static async Task<Pipeline> StartAsync(string apiAssembly, string consumerAssembly, string token, string logs)
    {
        var sqs = await FauxqsServer.StartAsync();
        var s3 = new MotoServer();
        await s3.InitializeAsync();
        var ssm = new MotoServer();
        await ssm.InitializeAsync();
        var pipeline = new Pipeline(sqs, s3, ssm, apiAssembly, consumerAssembly, logs);
        await pipeline.ProvisionAsync(token);
        return pipeline;
    }

    /// <summary>
    /// Starts an Api (on the current one's port unless given another) and waits until it is alive; it becomes the
    /// current one unless <paramref name="replaceCurrent"/> is false.
    /// </summary>
    public async Task<(ServiceProcess Api, Uri Address)> StartApiAsync(int? port = null, bool replaceCurrent = true)
    {
        var address = new Uri($"http://127.0.0.1:{port ?? ApiAddress?.Port ?? MotoServer.FreePort()}");
        var api = ServiceProcess.Start(_apiAssembly, Environment(new()
        {
            ["SQS_QUEUE_URL"] = QueueUrl,
            ["SSM_TOKEN_PARAMETER"] = TokenParameter,
            ["PORT"] = address.Port.ToString(CultureInfo.InvariantCulture),
        }), LogFile("api"));
        if (replaceCurrent)
        {
            Api = api;
            ApiAddress = address;
        }

        await HttpProbe.WaitUntilAnswersAsync(new Uri(address, "/health"), StartTimeout, $"an Api (logs in {_logs})", () => api.HasExited);
        return (api, address);
    }

    /// <summary>Starts the Consumer and waits until it is alive.</summary>
    public async Task StartConsumerAsync()
    {
        ConsumerAddress ??= new Uri($"http://127.0.0.1:{MotoServer.FreePort()}");
        Consumer = ServiceProcess.Start(_consumerAssembly, Environment(new()
        {
            ["SQS_QUEUE_URL"] = QueueUrl,
            ["S3_BUCKET_NAME"] = Bucket,
            ["SQS_POLL_INTERVAL"] = "0",
            ["METRICS_PORT"] = ConsumerAddress.Port.ToString(CultureInfo.InvariantCulture),
            ["Consumer__MessageTimeout"] = "00:00:02",
        }), LogFile("consumer"));
        var consumer = Consumer;
        await HttpProbe.WaitUntilAnswersAsync(new Uri(ConsumerAddress, "/health"), StartTimeout, $"the Consumer (logs in {_logs})", () => consumer.HasExited);
    }

    /// <summary>Messages waiting and messages received but not yet deleted.</summary>
    public async Task<(int Visible, int InFlight)> CountMessagesAsync(string queueUrl)
    {
        var attributes = await Sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
        return (attributes.ApproximateNumberOfMessages, attributes.ApproximateNumberOfMessagesNotVisible);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var service in new[] { Api, Consumer }.OfType<ServiceProcess>())
        {
            await service.DisposeAsync();
        }

        Sqs.Dispose();
        S3.Dispose();
        await SqsEndpoint.DisposeAsync();
        await S3Endpoint.DisposeAsync();
        await SsmEndpoint.DisposeAsync();
    }

    private async Task ProvisionAsync(string token)
    {
        var name = $"fault-injection-{Guid.NewGuid():N}"[..28];
        DeadLetterQueueUrl = (await Sqs.CreateQueueAsync($"{name}-dlq")).QueueUrl;
        var deadLetterArn = (await Sqs.GetQueueAttributesAsync(DeadLetterQueueUrl, ["QueueArn"])).QueueARN;
        QueueUrl = (await Sqs.CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = name,
            Attributes = new Dictionary<string, string>
            {
                ["VisibilityTimeout"] = VisibilityTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
                ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{deadLetterArn}}","maxReceiveCount":"{{MaxReceiveCount}}"}""",
            },
        })).QueueUrl;

        Bucket = name;
        await S3.PutBucketAsync(Bucket);

        TokenParameter = $"/{name}/api-token";
        await PutTokenAsync(token);
    }

    /// <summary>Writes the token parameter (a rotation, after the first time).</summary>
    public async Task PutTokenAsync(string token)
    {
        using var ssm = SsmEndpoint.CreateSsmClient();
        await ssm.PutParameterAsync(new Amazon.SimpleSystemsManagement.Model.PutParameterRequest
        {
            Name = TokenParameter,
            Value = token,
            Type = Amazon.SimpleSystemsManagement.ParameterType.SecureString,
            Overwrite = true,
        });
    }

    private Dictionary<string, string?> Environment(Dictionary<string, string?> variables)
    {
        variables["AWS_REGION"] = MotoServer.Region;
        variables["AWS_ENDPOINT_URL_SQS"] = SqsEndpoint.Endpoint.ToString();
        variables["AWS_ENDPOINT_URL_S3"] = S3Endpoint.Endpoint.ToString();
        variables["AWS_ENDPOINT_URL_SSM"] = SsmEndpoint.Endpoint.ToString();
        return variables;
    }

    private string LogFile(string service) =>
        Path.Combine(_logs, $"{Interlocked.Increment(ref _started):D2}-{service}.log");
}

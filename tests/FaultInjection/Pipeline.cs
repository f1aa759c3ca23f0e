using System.Globalization;
using Amazon.S3;
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

    /// <summary>How long the Api accepts the previous token after a rotation: short, so that the run sees it end.</summary>
    public static readonly TimeSpan TokenRotationGrace = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly AwsEndpoints _endpoints;
    private readonly AwsResources _aws;
    private readonly string _logs;
    private readonly string _apiAssembly;
    private readonly string _consumerAssembly;
    private PipelineResources _resources = null!;
    private int _started;

    private Pipeline(FauxqsServer sqs, MotoServer s3, MotoServer ssm, string apiAssembly, string consumerAssembly, string logs)
    {
        SqsEndpoint = sqs;
        S3Endpoint = s3;
        SsmEndpoint = ssm;
        _endpoints = new AwsEndpoints(sqs.Endpoint, s3.Endpoint, ssm.Endpoint);
        _aws = new AwsResources(_endpoints);
        _apiAssembly = apiAssembly;
        _consumerAssembly = consumerAssembly;
        _logs = logs;
        S3 = _endpoints.CreateS3Client();
    }

    public FauxqsServer SqsEndpoint { get; }

    public MotoServer S3Endpoint { get; }

    public MotoServer SsmEndpoint { get; }

    public AmazonS3Client S3 { get; }

    public string QueueUrl => _resources.QueueUrl;

    public string DeadLetterQueueUrl => _resources.DeadLetterQueueUrl;

    public string Bucket => _resources.Bucket;

    public RunningService Api { get; private set; } = null!;

    public RunningService Consumer { get; private set; } = null!;

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
    /// Starts an Api (on the current one's port unless given another) and waits until it is live; it becomes the
    /// current one unless <paramref name="replaceCurrent"/> is false. With <paramref name="sqs"/>, it finds SQS there.
    /// </summary>
    public async Task<RunningService> StartApiAsync(int? port = null, bool replaceCurrent = true, Uri? sqs = null)
    {
        var endpoints = sqs is null ? _endpoints : _endpoints with { Sqs = sqs };
        var grace = new KeyValuePair<string, string?>("Token__RotationGrace", TokenRotationGrace.ToString("c", CultureInfo.InvariantCulture));
        var api = RunningService.Start(
            ServiceKind.Api, _apiAssembly, _resources.VariablesFor(ServiceKind.Api).Concat(endpoints.Variables).Append(grace), port ?? Api?.Address.Port, LogFile("api"));
        if (replaceCurrent)
        {
            Api = api;
        }

        await api.WaitUntilLiveAsync(StartTimeout);
        return api;
    }

    /// <summary>Starts the Consumer (on the port of the one before, if any) and waits until it is live.</summary>
    public async Task StartConsumerAsync()
    {
        var budget = new KeyValuePair<string, string?>("Consumer__MessageTimeout", "00:00:02");
        Consumer = RunningService.Start(
            ServiceKind.Consumer, _consumerAssembly, Variables(ServiceKind.Consumer).Append(budget), Consumer?.Address.Port, LogFile("consumer"));
        await Consumer.WaitUntilLiveAsync(StartTimeout);
    }

    /// <summary>Messages waiting and messages received but not yet deleted.</summary>
    public Task<(int Visible, int InFlight)> CountMessagesAsync(string queueUrl) => _aws.CountMessagesByStateAsync(queueUrl);

    /// <summary>Writes the token parameter (a rotation, after the first time).</summary>
    public Task PutTokenAsync(string token) => _aws.PutTokenAsync(token, _resources.TokenParameter);

    public async ValueTask DisposeAsync()
    {
        foreach (var service in new[] { Api, Consumer }.OfType<RunningService>())
        {
            await service.DisposeAsync();
        }

        S3.Dispose();
        _aws.Dispose();
        await SqsEndpoint.DisposeAsync();
        await S3Endpoint.DisposeAsync();
        await SsmEndpoint.DisposeAsync();
    }

    private async Task ProvisionAsync(string token)
    {
        var queue = await _aws.CreateQueueAsync(VisibilityTimeoutSeconds, MaxReceiveCount);
        _resources = new PipelineResources(queue.Url, queue.DeadLetterUrl!, await _aws.CreateBucketAsync(), await _aws.PutTokenAsync(token));
    }

    private IEnumerable<KeyValuePair<string, string?>> Variables(ServiceKind service) =>
        _resources.VariablesFor(service).Concat(_endpoints.Variables);

    private string LogFile(string service) =>
        Path.Combine(_logs, $"{Interlocked.Increment(ref _started):D2}-{service}.log");
}

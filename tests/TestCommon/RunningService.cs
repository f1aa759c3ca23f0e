using System.Globalization;

namespace EmailPipeline.TestCommon;

/// <summary>The two services, by their projects and the variable that sets their port.</summary>
public sealed record ServiceKind(string Host, string PortVariable)
{
    public static readonly ServiceKind Api = new("Api", "PORT");
    public static readonly ServiceKind Consumer = new("Consumer", "METRICS_PORT");
}

/// <summary>What a pipeline's services work on: the queue (and its dead-letter queue), the bucket, the token parameter.</summary>
public sealed record PipelineResources(string QueueUrl, string DeadLetterQueueUrl, string Bucket, string TokenParameter)
{
    /// <summary>The contract's variables for <paramref name="service"/>, its port aside.</summary>
    public IReadOnlyDictionary<string, string?> VariablesFor(ServiceKind service) => service == ServiceKind.Api
        ? new Dictionary<string, string?> { ["SQS_QUEUE_URL"] = QueueUrl, ["SSM_TOKEN_PARAMETER"] = TokenParameter }
        : new Dictionary<string, string?> { ["SQS_QUEUE_URL"] = QueueUrl, ["S3_BUCKET_NAME"] = Bucket, ["SQS_POLL_INTERVAL"] = "0" };
}

/// <summary>
/// One of the built services, run as it is deployed: its assembly in a child process, configured by environment
/// variables only, on a loopback port of its own. Tests wait on its health endpoints and read its metrics; they never
/// wait on the wording of its logs.
/// </summary>
public sealed class RunningService : IAsyncDisposable
{
    private RunningService(ServiceKind kind, ServiceProcess process, Uri address)
    {
        Kind = kind;
        Process = process;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public ServiceKind Kind { get; }

    /// <summary>The process: its output, and the signals a test sends it.</summary>
    public ServiceProcess Process { get; }

    public Uri Address { get; }

    /// <summary>A client for the service's own address.</summary>
    public HttpClient Http { get; }

    /// <summary>
    /// Starts <paramref name="kind"/> from <paramref name="assembly"/> on <paramref name="port"/> (a free one by
    /// default) with <paramref name="variables"/>; with <paramref name="outputFile"/>, its output goes there instead of
    /// into memory. Does not wait: see <see cref="WaitUntilLiveAsync"/> and <see cref="WaitUntilReadyAsync"/>.
    /// </summary>
    public static RunningService Start(
        ServiceKind kind, string assembly, IEnumerable<KeyValuePair<string, string?>> variables, int? port = null, string? outputFile = null)
    {
        ArgumentNullException.ThrowIfNull(kind);
        var listen = port ?? MotoServer.FreePort();
        var environment = variables.ToDictionary();
        environment[kind.PortVariable] = listen.ToString(CultureInfo.InvariantCulture);
        return new RunningService(kind, ServiceProcess.Start(assembly, environment, outputFile), new Uri($"http://127.0.0.1:{listen}"));
    }

    /// <summary>Until <c>GET /health</c> answers 200: the process serves and, for the Consumer, its poll loop runs.</summary>
    public Task WaitUntilLiveAsync(TimeSpan timeout, TimeSpan? pollEvery = null) => WaitForAsync("/health", timeout, pollEvery);

    /// <summary>Until <c>GET /health/ready</c> answers 200: every dependency of the service can be used.</summary>
    public Task WaitUntilReadyAsync(TimeSpan timeout) => WaitForAsync("/health/ready", timeout, pollEvery: null);

    /// <summary>The sum of the series of a metric family, as <see cref="MetricsPage.SumAsync"/>.</summary>
    public Task<double> MetricAsync(string family, string labels = "") => MetricsPage.SumAsync(Http, family, labels);

    public async ValueTask DisposeAsync()
    {
        await Process.DisposeAsync();
        Http.Dispose();
    }

    public override string ToString() => $"the {Kind.Host} at {Address}";

    private Task WaitForAsync(string path, TimeSpan timeout, TimeSpan? pollEvery) =>
        HttpProbe.WaitUntilAnswersAsync(new Uri(Address, path), timeout, ToString(), () => Process.HasExited, pollEvery);
}

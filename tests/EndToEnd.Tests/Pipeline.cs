using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmailPipeline.TestCommon;

namespace EmailPipeline.EndToEnd.Tests;

/// <summary>
/// The pipeline for the end-to-end tests: the resources scripts/provision.py creates (on the assembly's moto), and
/// the built Api and Consumer started as processes with the contract's environment variables.
/// </summary>
public partial class Pipeline(MotoServer moto) : IAsyncLifetime
{
    public const string Token = "$DJISA<$#45ex3RtYr";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public AwsResources Aws { get; } = new(moto);

    public HttpClient Api { get; } = new();

    public HttpClient ConsumerMetrics { get; private set; } = new();

    public ServiceProcess ApiProcess { get; private set; } = null!;

    public ServiceProcess Consumer { get; private set; } = null!;

    public string QueueUrl { get; private set; } = null!;

    public string DeadLetterQueueUrl { get; private set; } = null!;

    public string Bucket { get; private set; } = null!;

    public string TokenParameter { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var resources = await ProvisionAsync();
        QueueUrl = resources["SQS_QUEUE_URL"];
        DeadLetterQueueUrl = resources["SQS_DLQ_URL"];
        Bucket = resources["S3_BUCKET_NAME"];
        TokenParameter = resources["SSM_TOKEN_PARAMETER"];

        var apiPort = MotoServer.FreePort();
        Api.BaseAddress = new Uri($"http://127.0.0.1:{apiPort}");
        ApiProcess = ServiceProcess.Start(RepositoryPaths.HostAssembly("Api"), Environment(new()
        {
            ["SQS_QUEUE_URL"] = QueueUrl,
            ["SSM_TOKEN_PARAMETER"] = TokenParameter,
            ["PORT"] = apiPort.ToString(CultureInfo.InvariantCulture),
        }));
        await StartConsumerAsync();
        await ApiProcess.WaitForOutputAsync(line => line.Contains("ssm is reachable", StringComparison.Ordinal), StartTimeout);
        await ApiProcess.WaitForOutputAsync(line => line.Contains("sqs is reachable", StringComparison.Ordinal), StartTimeout);
    }

    /// <summary>Starts the Consumer (again, after a test killed it) and waits until it polls.</summary>
    public async Task StartConsumerAsync()
    {
        var metricsPort = MotoServer.FreePort();
        // A client's base address is fixed once it has sent a request, so a restarted Consumer gets a new client.
        ConsumerMetrics.Dispose();
        ConsumerMetrics = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };
        Consumer = ServiceProcess.Start(RepositoryPaths.HostAssembly("Consumer"), Environment(new()
        {
            ["SQS_QUEUE_URL"] = QueueUrl,
            ["S3_BUCKET_NAME"] = Bucket,
            ["SQS_POLL_INTERVAL"] = "0",
            ["METRICS_PORT"] = metricsPort.ToString(CultureInfo.InvariantCulture),
        }));
        await Consumer.WaitForOutputAsync(line => line.Contains("Polling with up to", StringComparison.Ordinal), StartTimeout);
    }

    /// <summary>Posts an email, with a W3C traceparent header when given; returns the status and, for a 202, the message id.</summary>
    public async Task<(int Status, string? MessageId)> SubmitAsync(object data, string token = Token, string? traceParent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/email") { Content = JsonContent.Create(new { data, token }) };
        if (traceParent is not null)
        {
            request.Headers.Add("traceparent", traceParent);
        }

        using var response = await Api.SendAsync(request);
        if ((int)response.StatusCode != 202)
        {
            return ((int)response.StatusCode, null);
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (202, body.GetProperty("message_id").GetString());
    }

    /// <summary>Completes when the Consumer has logged that it archived these messages.</summary>
    public Task ArchivedAsync(params IEnumerable<string> messageIds) => Task.WhenAll(messageIds.Select(id =>
        Consumer.WaitForOutputAsync(line => line.Contains($"Archived message {id} ", StringComparison.Ordinal), TimeSpan.FromSeconds(60))));

    /// <summary>The value of one series of a Prometheus text page, 0 when absent.</summary>
    public static async Task<double> ReadMetricAsync(HttpClient client, string series)
    {
        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        var match = Regex.Match(text, "^" + Regex.Escape(series) + " (\\S+)$", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
    }

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await ApiProcess.DisposeAsync();
        await Consumer.DisposeAsync();
        Api.Dispose();
        ConsumerMetrics.Dispose();
        Aws.Dispose();
    }

    /// <summary>Variables every service of this pipeline gets on top of the contract's.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraEnvironment { get; } = new Dictionary<string, string?>();

    private Dictionary<string, string?> Environment(Dictionary<string, string?> variables)
    {
        variables["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString();
        variables["AWS_REGION"] = MotoServer.Region;
        foreach (var (key, value) in ExtraEnvironment)
        {
            variables[key] = value;
        }

        return variables;
    }

    /// <summary>Runs the local run's own provisioning script against this moto, under names of this run.</summary>
    private async Task<Dictionary<string, string>> ProvisionAsync()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var start = new ProcessStartInfo("python3", [Path.Combine(RepositoryPaths.Root, "scripts", "provision.py")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString();
        start.Environment["LOCAL_QUEUE_NAME"] = $"e2e-{suffix}";
        start.Environment["LOCAL_DLQ_NAME"] = $"e2e-{suffix}-dlq";
        start.Environment["LOCAL_BUCKET_NAME"] = $"e2e-{suffix}";
        start.Environment["LOCAL_TOKEN_PARAMETER"] = $"/e2e/{suffix}/api-token";
        // Short, so that a message abandoned by a killed Consumer comes back within the test.
        start.Environment["LOCAL_VISIBILITY_TIMEOUT"] = "5";

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"provision.py failed: {errors}");

        return AssignmentPattern().Matches(output).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
    }

    [GeneratedRegex("^(\\w+)='([^']*)'$", RegexOptions.Multiline)]
    private static partial Regex AssignmentPattern();
}

using System.Diagnostics;
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
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Long enough for a message abandoned by a killed Consumer to come back (its visibility timeout is 5 s).</summary>
    private static readonly TimeSpan ArchiveTimeout = TimeSpan.FromSeconds(60);

    private PipelineResources _resources = null!;

    public AwsResources Aws { get; } = new(moto);

    public RunningService Api { get; private set; } = null!;

    public RunningService Consumer { get; private set; } = null!;

    public string Bucket => _resources.Bucket;

    public string DeadLetterQueueUrl => _resources.DeadLetterQueueUrl;

    public async ValueTask InitializeAsync()
    {
        _resources = await ProvisionAsync();
        Api = RunningService.Start(ServiceKind.Api, RepositoryPaths.HostAssembly("Api"), Variables(ServiceKind.Api));
        await StartConsumerAsync();
        await Api.WaitUntilReadyAsync(StartTimeout);
    }

    /// <summary>Starts the Consumer (again, after a test killed it) and waits until its poll loop turns.</summary>
    public async Task StartConsumerAsync()
    {
        Consumer = RunningService.Start(ServiceKind.Consumer, RepositoryPaths.HostAssembly("Consumer"), Variables(ServiceKind.Consumer));
        await Consumer.WaitUntilReadyAsync(StartTimeout);
        await MetricsPage.WaitUntilAsync(Consumer.Http, "consumer_last_poll_timestamp_seconds", polled => polled > 0, StartTimeout);
    }

    /// <summary>Posts an email, with a W3C traceparent header when given; returns the status and, for a 202, the message id.</summary>
    public async Task<(int Status, string? MessageId)> SubmitAsync(object data, string token = DevelopmentToken.Value, string? traceParent = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/email") { Content = JsonContent.Create(new { data, token }) };
        if (traceParent is not null)
        {
            request.Headers.Add("traceparent", traceParent);
        }

        using var response = await Api.Http.SendAsync(request);
        if ((int)response.StatusCode != 202)
        {
            return ((int)response.StatusCode, null);
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (202, body.GetProperty("message_id").GetString());
    }

    /// <summary>
    /// Completes once every email accepted so far is archived: the queue holds no message, waiting or in flight (the
    /// Consumer deletes one only once its email is in S3). The tests of a collection run one after the other.
    /// </summary>
    public Task ArchivedAsync() => Aws.WaitUntilEmptyAsync(_resources.QueueUrl, ArchiveTimeout);

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await Api.DisposeAsync();
        await Consumer.DisposeAsync();
        Aws.Dispose();
    }

    /// <summary>Variables every service of this pipeline gets on top of the contract's.</summary>
    protected virtual IReadOnlyDictionary<string, string?> ExtraEnvironment { get; } = new Dictionary<string, string?>();

    private IEnumerable<KeyValuePair<string, string?>> Variables(ServiceKind service) =>
        _resources.VariablesFor(service).Concat(moto.Endpoints.Variables).Concat(ExtraEnvironment);

    /// <summary>Runs the local run's own provisioning script against this moto, under names of this run.</summary>
    private async Task<PipelineResources> ProvisionAsync()
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

        var resources = AssignmentPattern().Matches(output).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        return new PipelineResources(
            resources["SQS_QUEUE_URL"], resources["SQS_DLQ_URL"], resources["S3_BUCKET_NAME"], resources["SSM_TOKEN_PARAMETER"]);
    }

    [GeneratedRegex("^(\\w+)='([^']*)'$", RegexOptions.Multiline)]
    private static partial Regex AssignmentPattern();
}

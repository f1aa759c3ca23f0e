using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EmailPipeline.TestCommon;

namespace EmailPipeline.EndToEnd.Tests;

/// <summary>
/// A dependency that is down when a service starts never stops the service: whether it refuses connections, accepts
/// them and never answers, or answers later than a call waits, the service comes up live, says not ready naming the
/// dependency, (the Api) answers 503 with Retry-After, and once the dependency answers it becomes ready (the Api
/// answers 202) without a restart. Only a real misconfiguration stops it, with a non-zero exit code.
/// </summary>
public sealed class ApiStartupOutageTests(MotoServer moto) : IDisposable
{
    private readonly AwsResources _aws = new(moto);

    public static TheoryData<string, Fault> Cases => StartupOutage.Cases("sqs", "ssm");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ADependencyDownAtStart_Answers503WithRetryAfter_Then202OnceItAnswers_NeverExiting(string dependency, Fault fault)
    {
        var resources = await StartupOutage.ResourcesAsync(_aws);
        await using var outage = new FaultyEndpoint(moto.Endpoint, fault) { SlowBy = StartupOutage.SlowBy };
        await using var api = RunningService.Start(
            ServiceKind.Api, RepositoryPaths.HostAssembly("Api"), StartupOutage.Variables(moto, resources, ServiceKind.Api, dependency, outage.Endpoint));

        await StartupOutage.AssertLiveButNotReadyAsync(api, dependency);
        using (var refused = await StartupOutage.SubmitAsync(api))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "503 without a Retry-After");
        }

        outage.Fault = Fault.None;

        await api.WaitUntilReadyAsync(StartupOutage.RecoveryTimeout);
        using (var accepted = await StartupOutage.SubmitAsync(api))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        Assert.False(api.Process.HasExited, api.Process.ToString());
    }

    [Fact]
    public async Task AQueueThatDoesNotExist_OnceSqsAnswers_StopsTheApiWithExitCode1()
    {
        var resources = (await StartupOutage.ResourcesAsync(_aws)) with { QueueUrl = $"{moto.Endpoint}123456789012/no-such-queue" };
        await using var outage = new FaultyEndpoint(moto.Endpoint, Fault.Hang);
        await using var api = RunningService.Start(
            ServiceKind.Api, RepositoryPaths.HostAssembly("Api"), StartupOutage.Variables(moto, resources, ServiceKind.Api, "sqs", outage.Endpoint));
        await api.WaitUntilLiveAsync(StartupOutage.StartTimeout);

        outage.Fault = Fault.None;

        Assert.Equal(1, await api.Process.WaitForExitAsync(StartupOutage.RecoveryTimeout));
    }

    public void Dispose() => _aws.Dispose();
}

/// <summary>The Consumer's side of <see cref="ApiStartupOutageTests"/>: SQS and S3 down at start.</summary>
public sealed class ConsumerStartupOutageTests(MotoServer moto) : IDisposable
{
    private readonly AwsResources _aws = new(moto);

    public static TheoryData<string, Fault> Cases => StartupOutage.Cases("sqs", "s3");

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ADependencyDownAtStart_IsNotReady_ThenReadyOnceItAnswers_NeverExiting(string dependency, Fault fault)
    {
        var resources = await StartupOutage.ResourcesAsync(_aws);
        await using var outage = new FaultyEndpoint(moto.Endpoint, fault) { SlowBy = StartupOutage.SlowBy };
        await using var consumer = RunningService.Start(
            ServiceKind.Consumer, RepositoryPaths.HostAssembly("Consumer"),
            StartupOutage.Variables(moto, resources, ServiceKind.Consumer, dependency, outage.Endpoint));

        await StartupOutage.AssertLiveButNotReadyAsync(consumer, dependency);

        outage.Fault = Fault.None;

        await consumer.WaitUntilReadyAsync(StartupOutage.RecoveryTimeout);
        using var http = new HttpClient();
        using var live = await http.GetAsync(new Uri(consumer.Address, "/health"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.False(consumer.Process.HasExited, consumer.Process.ToString());
    }

    [Fact]
    public async Task ABucketThatDoesNotExist_StopsTheConsumerWithExitCode1()
    {
        var resources = (await StartupOutage.ResourcesAsync(_aws)) with { Bucket = AwsResources.UniqueName("no-such-bucket") };
        await using var consumer = RunningService.Start(
            ServiceKind.Consumer, RepositoryPaths.HostAssembly("Consumer"), resources.VariablesFor(ServiceKind.Consumer).Concat(moto.Endpoints.Variables));

        Assert.Equal(1, await consumer.Process.WaitForExitAsync(StartupOutage.RecoveryTimeout));
    }

    public void Dispose() => _aws.Dispose();
}

/// <summary>What the start-up outage tests of both hosts share.</summary>
internal static class StartupOutage
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Longer than the SDK's retries back off and a token read waits after failures.</summary>
    public static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Later than any one call waits for an answer (10 s, the longest budget of the checks).</summary>
    public static readonly TimeSpan SlowBy = TimeSpan.FromSeconds(12);

    public static TheoryData<string, Fault> Cases(params string[] dependencies)
    {
        var cases = new TheoryData<string, Fault>();
        foreach (var dependency in dependencies)
        {
            foreach (var fault in new[] { Fault.Refuse, Fault.Hang, Fault.Slow })
            {
                cases.Add(dependency, fault);
            }
        }

        return cases;
    }

    public static async Task<PipelineResources> ResourcesAsync(AwsResources aws)
    {
        var queue = await aws.CreateQueueAsync(maxReceiveCount: 5);
        return new PipelineResources(queue.Url, queue.DeadLetterUrl!, await aws.CreateBucketAsync(), await aws.PutTokenAsync(DevelopmentToken.Value));
    }

    /// <summary>The service's variables, every dependency on moto but <paramref name="dependency"/>, which is at <paramref name="faulty"/>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Variables(
        MotoServer moto, PipelineResources resources, ServiceKind service, string dependency, Uri faulty)
    {
        var endpoints = dependency switch
        {
            "sqs" => moto.Endpoints with { Sqs = faulty },
            "s3" => moto.Endpoints with { S3 = faulty },
            "ssm" => moto.Endpoints with { Ssm = faulty },
            _ => throw new ArgumentOutOfRangeException(nameof(dependency), dependency, "not a dependency of either service"),
        };
        return resources.VariablesFor(service).Concat(endpoints.Variables);
    }

    /// <summary>The service comes up live, while readiness names <paramref name="dependency"/> as not usable (and only it).</summary>
    public static async Task AssertLiveButNotReadyAsync(RunningService service, string dependency)
    {
        await service.WaitUntilLiveAsync(StartTimeout);

        // Readiness runs the checks as it is asked: against a dependency that hangs, that takes a call's whole budget.
        using var http = new HttpClient { BaseAddress = service.Address, Timeout = TimeSpan.FromSeconds(60) };
        using var ready = await http.GetAsync(new Uri("/health/ready", UriKind.Relative));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        using var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync());
        foreach (var check in body.RootElement.GetProperty("checks").EnumerateObject())
        {
            Assert.True(check.Name == dependency ? check.Value.GetString() != "healthy" : check.Value.GetString() == "healthy", body.RootElement.ToString());
        }

        Assert.False(service.Process.HasExited, service.Process.ToString());
    }

    public static Task<HttpResponseMessage> SubmitAsync(RunningService api) => api.Http.PostAsJsonAsync(
        "/api/email", new { data = Emails.Email(Emails.NewSender(), 1_700_000_000, "sent while a dependency was down at start"), token = DevelopmentToken.Value });
}

using System.Net;
using Amazon.SimpleSystemsManagement;
using Amazon.SQS;
using EmailPipeline.TestCommon;
using static EmailPipeline.Api.FunctionalTests.Requests;

namespace EmailPipeline.Api.FunctionalTests;

/// <summary>A dependency failure is a 503 with Retry-After, never a 4xx; bad configuration stops the Api at start.</summary>
public sealed class DependencyFailureTests(MotoServer moto) : IDisposable
{
    private readonly AwsResources _aws = new(moto);
    private readonly DeadEndpoint _unreachable = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Submit_WhenSqsIsUnreachable_Returns503WithRetryAfter()
    {
        var parameter = await _aws.PutTokenAsync(DevelopmentToken.Value);
        using var sqs = new AmazonSQSClient(MotoServer.Credentials, new AmazonSQSConfig { ServiceURL = _unreachable.Url, MaxErrorRetry = 0 });
        await using var api = new ApiFactory(moto, $"{_unreachable.Url}/123456789012/emails", parameter) { Sqs = sqs };

        var response = await api.CreateClient().PostAsync("/api/email", JsonBody(SampleJson), Ct);

        await AssertUnavailableAsync(response);
    }

    [Fact]
    public async Task Submit_WhenTheQueueIsDeletedWhileRunning_Returns503_NotA4xx()
    {
        (var api, var queue) = await ApiFactory.StartAsync(moto, _aws);
        await using var _ = api;
        await api.WaitUntilReadyAsync();
        await _aws.Sqs.DeleteQueueAsync(queue.Url, Ct);

        var response = await api.CreateClient().PostAsync("/api/email", JsonBody(SampleJson), Ct);

        await AssertUnavailableAsync(response);
        Assert.Contains(api.Logs.Entries, e => e.Message.Contains("sqs is unavailable", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Submit_WhenSsmIsUnreachable_AndNoTokenIsCached_Returns503WithRetryAfter()
    {
        var queue = await _aws.CreateQueueAsync();
        using var ssm = new AmazonSimpleSystemsManagementClient(
            MotoServer.Credentials, new AmazonSimpleSystemsManagementConfig { ServiceURL = _unreachable.Url, MaxErrorRetry = 0 });
        await using var api = new ApiFactory(moto, queue.Url, "/emailpipeline/token") { Ssm = ssm };

        var response = await api.CreateClient().PostAsync("/api/email", JsonBody(SampleJson), Ct);

        await AssertUnavailableAsync(response);
        Assert.Equal(0, await _aws.CountMessagesAsync(queue.Url));
    }

    [Fact]
    public async Task Ready_WhenSqsIsUnreachable_Returns503_NamingIt()
    {
        var parameter = await _aws.PutTokenAsync(DevelopmentToken.Value);
        using var sqs = new AmazonSQSClient(MotoServer.Credentials, new AmazonSQSConfig { ServiceURL = _unreachable.Url, MaxErrorRetry = 0 });
        await using var api = new ApiFactory(moto, $"{_unreachable.Url}/123456789012/emails", parameter) { Sqs = sqs };

        var response = await api.CreateClient().GetAsync("/health/ready", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("not_ready", body.GetProperty("status").GetString());
        Assert.Equal("unavailable", body.GetProperty("checks").GetProperty("sqs").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("ssm").GetString());
    }

    [Fact]
    public async Task Ready_WhenADependencyFails_NamesItAndItsState_NeverAnAddressAResourceOrAnError()
    {
        var dead = new Uri(_unreachable.Url);
        var queue = await _aws.CreateQueueAsync();
        await _aws.Sqs.DeleteQueueAsync(queue.Url, Ct);
        using var ssm = new AmazonSimpleSystemsManagementClient(
            MotoServer.Credentials, new AmazonSimpleSystemsManagementConfig { ServiceURL = _unreachable.Url, MaxErrorRetry = 0 });
        await using var api = new ApiFactory(moto, queue.Url, "/emailpipeline/some-environment/token") { Ssm = ssm };

        var response = await api.CreateClient().GetAsync("/health/ready", Ct);

        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal("""{"status":"not_ready","checks":{"sqs":"misconfigured","ssm":"unavailable"}}""", text);
        foreach (var secret in new[] { "127.0.0.1", dead.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), queue.Url, "123456789012", "some-environment", "refused", "QueueDoesNotExist" })
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    public void Dispose()
    {
        _aws.Dispose();
        _unreachable.Dispose();
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.True(retryAfter > TimeSpan.Zero);
        Assert.Equal(503, (await response.ReadJsonAsync()).GetProperty("status").GetInt32());
    }
}

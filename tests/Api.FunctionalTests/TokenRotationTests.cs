using System.Net;
using System.Text.Json.Nodes;
using EmailPipeline.TestCommon;
using static EmailPipeline.Api.FunctionalTests.Requests;

namespace EmailPipeline.Api.FunctionalTests;

/// <summary>
/// A token rotated in SSM before the Api starts: the previous value is accepted during the grace period (and counted
/// as such), refused without one. The grace running out is tested on a fake clock, in the token source's own tests.
/// </summary>
public sealed class TokenRotationTests(MotoServer moto) : IDisposable
{
    private const string PreviousToken = "the-token-before-the-rotation";

    private readonly AwsResources _aws = new(moto);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ThePreviousToken_IsAcceptedDuringTheGrace_AndCountedAsPrevious()
    {
        await using var api = await StartAsync(new Dictionary<string, string?>());
        using var client = api.CreateClient();
        var previous = await MetricsPage.SumAsync(client, "token_source_authentications_total", "version=\"previous\"");
        var current = await MetricsPage.SumAsync(client, "token_source_authentications_total", "version=\"current\"");

        var withPrevious = await client.PostAsync("/api/email", JsonBody(Sample(("token", JsonValue.Create(PreviousToken)))), Ct);
        var withCurrent = await client.PostAsync("/api/email", JsonBody(SampleJson), Ct);

        Assert.Equal(HttpStatusCode.Accepted, withPrevious.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, withCurrent.StatusCode);
        Assert.True(await MetricsPage.SumAsync(client, "token_source_authentications_total", "version=\"previous\"") >= previous + 1);
        Assert.True(await MetricsPage.SumAsync(client, "token_source_authentications_total", "version=\"current\"") >= current + 1);
    }

    [Fact]
    public async Task ThePreviousToken_IsRefused_WhenTheGraceIsZero()
    {
        await using var api = await StartAsync(new Dictionary<string, string?> { ["Token:RotationGrace"] = "0" });
        using var client = api.CreateClient();

        var withPrevious = await client.PostAsync("/api/email", JsonBody(Sample(("token", JsonValue.Create(PreviousToken)))), Ct);
        var withCurrent = await client.PostAsync("/api/email", JsonBody(SampleJson), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, withPrevious.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, withCurrent.StatusCode);
    }

    public void Dispose() => _aws.Dispose();

    /// <summary>An Api whose token parameter was rotated from <see cref="PreviousToken"/> to the development token.</summary>
    private async Task<ApiFactory> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var queue = await _aws.CreateQueueAsync();
        var parameter = await _aws.PutTokenAsync(PreviousToken);
        await _aws.PutTokenAsync(DevelopmentToken.Value, parameter);
        var api = new ApiFactory(moto, queue.Url, parameter) { Settings = settings };
        try
        {
            await api.WaitUntilReadyAsync();
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }
}

using System.Net;
using System.Text;
using EmailPipeline.TestCommon;
using static EmailPipeline.Api.FunctionalTests.Requests;

namespace EmailPipeline.Api.FunctionalTests;

/// <summary>
/// Whether an email fits the queue is decided once, before it is batched, by the queue's own MaximumMessageSize and
/// the exact size of its message; and a message's body is as large as its email's text.
/// </summary>
public sealed class QueueSizeTests(MotoServer moto) : IDisposable
{
    private const int Limit = 256 * 1024;

    private readonly AwsResources _aws = new(moto);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1024, false)]
    [InlineData(262_144, true)]
    public async Task Submit_OneEmailTooLargeForTheQueue_AmongNineSentAtOnce_Gets413_AndTheNineGet202(int maximumMessageSize, bool escapedPastTheLimit)
    {
        // Batches wait to fill, so that all ten would share one SendMessageBatch if the large one were let in. The
        // large one is either plainly larger than the queue takes, or (on a queue of the AWS default size) a request
        // within the 256 KiB limit whose text SQS does not take as it is (U+FFFF), so that its message is twice as large.
        var (api, queueUrl) = await StartAsync(maximumMessageSize, ("Publisher:Linger", "00:00:00.300"), ("Publisher:MaxConcurrentBatches", "1"));
        await using var _ = api;
        using var client = api.CreateClient();
        var oversized = escapedPastTheLimit
            ? WithRawContent(new string('\uFFFF', (Limit - Encoding.UTF8.GetByteCount(WithRawContent(string.Empty))) / 3))
            : Sample(("data.email_content", new string('c', 2000)));
        Assert.True(Encoding.UTF8.GetByteCount(oversized) <= Limit);
        var bodies = Enumerable.Range(0, 10).Select(i => i == 3 ? oversized : Sample(("data.email_content", $"email {i}")));

        var responses = await Task.WhenAll(bodies.Select(body => client.PostAsync("/api/email", JsonBody(body), Ct)));

        Assert.Equal(
            [.. Enumerable.Repeat(HttpStatusCode.Accepted, 3), HttpStatusCode.RequestEntityTooLarge, .. Enumerable.Repeat(HttpStatusCode.Accepted, 6)],
            responses.Select(r => r.StatusCode));
        Assert.Equal("application/problem+json", responses[3].Content.Headers.ContentType?.MediaType);
        Assert.Contains(
            $"the limit is {maximumMessageSize}", (await responses[3].ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(9, await _aws.CountMessagesAsync(queueUrl));
    }

    [Theory]
    [InlineData("😀", 262_144)]
    [InlineData("\u007F", 262_144)]
    [InlineData("\u2028x", 262_144)]
    [InlineData("\u007F", 1_048_576)]
    public async Task Submit_TextTheFrameworkWouldEscape_NearlyFillingTheRequest_IsQueued_AsUtf8(string unit, int maximumMessageSize)
    {
        var (api, queueUrl) = await StartAsync(maximumMessageSize);
        await using var _ = api;
        using var client = api.CreateClient();
        var shell = Encoding.UTF8.GetByteCount(WithRawContent(string.Empty));
        var content = string.Concat(Enumerable.Repeat(unit, (Limit - shell - 300) / Encoding.UTF8.GetByteCount(unit)));

        var response = await client.PostAsync("/api/email", JsonBody(WithRawContent(content)), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(await _aws.DrainQueueAsync(queueUrl, 1, TimeSpan.FromSeconds(10)));
        Assert.Contains(content, message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ARequestWithinTheLimit_WhoseMessageIsNot_Gets413_SayingSo()
    {
        // U+FFFF is three bytes in the request and six (\uFFFF) in the message: SQS does not take it as it is.
        var (api, queueUrl) = await StartAsync(maximumMessageSize: 262_144);
        await using var _ = api;
        using var client = api.CreateClient();
        var shell = Encoding.UTF8.GetByteCount(WithRawContent(string.Empty));
        var body = WithRawContent(new string('\uFFFF', (Limit - shell) / 3));
        Assert.True(Encoding.UTF8.GetByteCount(body) <= Limit);

        var response = await client.PostAsync("/api/email", JsonBody(body), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("too large to queue", (await response.ReadJsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await _aws.CountMessagesAsync(queueUrl));
    }

    public void Dispose() => _aws.Dispose();

    /// <summary>The sample with <paramref name="content"/> written into it as UTF-8, unescaped (a serializer would escape it).</summary>
    private static string WithRawContent(string content) =>
        Sample(("data.email_content", "@@CONTENT@@")).Replace("@@CONTENT@@", content, StringComparison.Ordinal);

    private async Task<(ApiFactory Api, string QueueUrl)> StartAsync(int maximumMessageSize, params (string Key, string Value)[] settings)
    {
        var queue = await _aws.CreateQueueAsync(maximumMessageSize: maximumMessageSize);
        var api = new ApiFactory(moto, queue.Url, await _aws.PutTokenAsync(DevelopmentToken.Value))
        {
            Settings = settings.ToDictionary(s => s.Key, s => (string?)s.Value),
        };
        await api.WaitUntilReadyAsync();
        return (api, queue.Url);
    }
}

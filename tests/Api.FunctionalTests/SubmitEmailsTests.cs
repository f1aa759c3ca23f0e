using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.SQS;
using EmailPipeline.TestCommon;
using static EmailPipeline.Api.FunctionalTests.Requests;

namespace EmailPipeline.Api.FunctionalTests;

/// <summary>POST /api/emails: every email judged alone, one result per email in order, the request's own statuses.</summary>
public sealed class SubmitEmailsTests(MotoServer moto) : IAsyncLifetime
{
    private const int QueueLimit = 2048;

    private readonly AwsResources _aws = new(moto);
    private ApiFactory _api = null!;
    private TestQueue _queue = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (_api, _queue) = await ApiFactory.StartAsync(moto, _aws, maximumMessageSize: QueueLimit);
        _client = _api.CreateClient();
        await _api.WaitUntilReadyAsync();
    }

    [Fact]
    public async Task SubmitMany_AllValid_Returns202WithEachMessageIdInOrder_AndEveryEmailIsQueued()
    {
        var emails = Enumerable.Range(0, 25).Select(i => Email(("email_sender", $"sender {i}"))).ToArray();

        var response = await _client.PostAsync("/api/emails", JsonBody(Bulk(emails)), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("accepted", body.GetProperty("status").GetString());
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(25, results.Count);
        Assert.All(results, r => Assert.Equal(202, r.GetProperty("status").GetInt32()));
        var messages = (await _aws.DrainQueueAsync(_queue.Url, 25, TimeSpan.FromSeconds(20))).ToDictionary(m => m.MessageId, m => m.Body);
        for (var i = 0; i < 25; i++)
        {
            var queued = messages[results[i].GetProperty("message_id").GetString()!];
            Assert.Equal($"sender {i}", JsonNode.Parse(queued)!["email_sender"]!.GetValue<string>());
            Assert.DoesNotContain(DevelopmentToken.Value[1..6], queued, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SubmitMany_Mixed_Returns207WithOneResultPerEmailInOrder_AndQueuesOnlyTheValidOnes()
    {
        var emails = new JsonNode?[]
        {
            Email(),
            Email(("email_sender", "  "), ("email_timestream", "next tuesday")),
            JsonValue.Create("not an email"),
            Email(("email_content", new string('x', QueueLimit))),
            null,
            Email(("email_sender", "last")),
        };

        var response = await _client.PostAsync("/api/emails", JsonBody(Bulk(emails)), Ct);

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        Assert.Null(response.Headers.RetryAfter);
        var body = await response.ReadJsonAsync();
        Assert.Equal("partial", body.GetProperty("status").GetString());
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([202, 400, 400, 413, 400, 202], results.Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal(["emails[1].email_sender", "emails[1].email_timestream"], Paths(results[1]));
        Assert.Equal(["emails[2]"], Paths(results[2]));
        Assert.Equal(["emails[4]"], Paths(results[4]));
        Assert.Contains($"the limit is {QueueLimit}", results[3].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(results[3].TryGetProperty("message_id", out _));

        // Drain asks for more than two: anything else queued would come out too.
        var queued = await _aws.DrainQueueAsync(_queue.Url, 3, TimeSpan.FromSeconds(3));
        string?[] accepted = [results[0].GetProperty("message_id").GetString(), results[5].GetProperty("message_id").GetString()];
        Assert.Equal(accepted.Order(StringComparer.Ordinal), queued.Select(m => m.MessageId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task SubmitMany_AnEmailWithAnEscapeThatIsNotUnicode_IsThatEmailsOwn400_TheOthersAreQueued()
    {
        // A JavaScript client writes half an emoji as a lone surrogate escape: "\ud83d".
        var body = Bulk([Email(), Email(("email_subject", "half an emoji: LONE")), Email()])
            .Replace("LONE", "\\ud83d", StringComparison.Ordinal);
        Assert.Contains("\\ud83d", body, StringComparison.Ordinal);

        var response = await _client.PostAsync("/api/emails", JsonBody(body), Ct);

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        var results = (await response.ReadJsonAsync()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([202, 400, 202], results.Select(r => r.GetProperty("status").GetInt32()));
        Assert.Equal(["emails[1].email_subject"], Paths(results[1]));
        var queued = await _aws.DrainQueueAsync(_queue.Url, 3, TimeSpan.FromSeconds(3));
        Assert.Equal(2, queued.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("a wrong token")]
    public async Task SubmitMany_WithoutTheRightToken_Returns401_ForTheWholeRequest_BeforeLookingAtTheEmails(string? token)
    {
        var response = await _client.PostAsync("/api/emails", JsonBody(Bulk([Email(("email_sender", null))], token)), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await _aws.CountMessagesAsync(_queue.Url));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task SubmitMany_WithNoEmailsOrMoreThan100_Returns400AtEmails(int count)
    {
        var response = await _client.PostAsync("/api/emails", JsonBody(Bulk([.. Enumerable.Range(0, count).Select(_ => Email())])), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["emails"], Paths(await response.ReadJsonAsync()));
        Assert.Equal(0, await _aws.CountMessagesAsync(_queue.Url));
    }

    [Theory]
    [InlineData("""{"emails":{"email_subject":"x"},"token":"t"}""", "emails")]
    [InlineData("""{"emails":[],"emails":[],"token":"t"}""", "emails")]
    [InlineData("""{"emails":[{},{"email_sender":"a","email_sender":"b"}],"token":"t"}""", "emails[1].email_sender")]
    [InlineData("""[{"emails":[]}]""", "$")]
    [InlineData("""{"emails":[{"email_subject":"x",}]}""", "$")]
    public async Task SubmitMany_WhenTheBodyIsNotABulkRequest_Returns400ForTheWholeRequest(string body, string path)
    {
        var response = await _client.PostAsync("/api/emails", JsonBody(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([path], Paths(await response.ReadJsonAsync()));
    }

    [Fact]
    public async Task SubmitMany_ABodyOver256KiBButWithin1MiB_IsAccepted()
    {
        // 100 emails of 3 KiB each: more than one email's limit, within a bulk request's, each email within the queue's.
        await using var api = new ApiFactory(moto, (await _aws.CreateQueueAsync()).Url, await _aws.PutTokenAsync(DevelopmentToken.Value));
        await api.WaitUntilReadyAsync();
        var emails = Enumerable.Range(0, 100).Select(i => Email(("email_content", new string('x', 3 * 1024)))).ToArray();
        var body = Bulk(emails);
        Assert.InRange(Encoding.UTF8.GetByteCount(body), 256 * 1024, 1024 * 1024);

        var response = await api.CreateClient().PostAsync("/api/emails", JsonBody(body), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task SubmitMany_ABodyOver1MiB_Returns413()
    {
        var body = Bulk([Email(("email_content", new string('x', 1024 * 1024)))]);

        var response = await _client.PostAsync("/api/emails", JsonBody(body), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, await _aws.CountMessagesAsync(_queue.Url));
    }

    [Fact]
    public async Task SubmitMany_NotJson_Returns415()
    {
        var response = await _client.PostAsync("/api/emails", JsonBody(Bulk([Email()]), "text/plain"), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task SubmitMany_WhenSqsIsUnreachable_Returns207With503ForEachValidEmail_AndRetryAfter()
    {
        using var dead = new DeadEndpoint();
        using var sqs = new AmazonSQSClient(MotoServer.Credentials, new AmazonSQSConfig { ServiceURL = dead.Url, MaxErrorRetry = 0 });
        await using var api = new ApiFactory(moto, $"{dead.Url}/123456789012/emails", await _aws.PutTokenAsync(DevelopmentToken.Value)) { Sqs = sqs };

        var response = await api.CreateClient().PostAsync("/api/emails", JsonBody(Bulk([Email(), Email(("email_sender", null)), Email()])), Ct);

        Assert.Equal(HttpStatusCode.MultiStatus, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var results = (await response.ReadJsonAsync()).GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([503, 400, 503], results.Select(r => r.GetProperty("status").GetInt32()));
        Assert.True(results[0].GetProperty("retry_after").GetInt32() >= 1);
    }

    [Fact]
    public async Task SubmitMany_IsCountedPerRequestAndPerEmail()
    {
        var accepted = await MetricsPage.SumAsync(_client, "api_bulk_emails_total", "status=\"202\"");
        var invalid = await MetricsPage.SumAsync(_client, "api_bulk_emails_total", "status=\"400\"");
        var requests = await MetricsPage.SumAsync(_client, "api_requests_total", "method=\"POST\",endpoint=\"/api/emails\",status=\"207\"");
        var blank = await MetricsPage.SumAsync(_client, "api_validation_errors_total", "error_type=\"blank\"");

        await _client.PostAsync("/api/emails", JsonBody(Bulk([Email(), Email(("email_subject", " ")), Email()])), Ct);

        Assert.True(await MetricsPage.SumAsync(_client, "api_bulk_emails_total", "status=\"202\"") >= accepted + 2);
        Assert.True(await MetricsPage.SumAsync(_client, "api_bulk_emails_total", "status=\"400\"") >= invalid + 1);
        Assert.True(await MetricsPage.SumAsync(_client, "api_requests_total", "method=\"POST\",endpoint=\"/api/emails\",status=\"207\"") >= requests + 1);
        Assert.True(await MetricsPage.SumAsync(_client, "api_validation_errors_total", "error_type=\"blank\"") >= blank + 1);
    }

    [Fact]
    public async Task OpenApi_DescribesTheBulkEndpoint_WithItsLimits()
    {
        var document = JsonNode.Parse(await _client.GetStringAsync("/openapi/v1.json", Ct))!;

        var operation = document["paths"]!["/api/emails"]!["post"]!;
        Assert.NotNull(operation["responses"]!["202"]);
        Assert.NotNull(operation["responses"]!["207"]);
        var emails = document["components"]!["schemas"]!["SubmitEmailsRequestSchema"]!["properties"]!["emails"]!;
        Assert.Equal(100, emails["maxItems"]!.GetValue<int>());
        Assert.Equal(1, emails["minItems"]!.GetValue<int>());
        // A result that is a problem has no message id: only the status is in every result.
        var required = document["components"]!["schemas"]!["EmailResult"]!["required"]!.AsArray();
        Assert.Equal(["status"], required.Select(name => name!.GetValue<string>()));
    }

    [Theory]
    [InlineData("bulk-request.json", 202, new[] { 202, 202, 202 })]
    [InlineData("bulk-partly-invalid.json", 207, new[] { 202, 400, 400, 202 })]
    public async Task TheSamples_GetTheStatusesTheSamplesReadmeGives(string file, int status, int[] results)
    {
        var body = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "samples", file), Ct);

        var response = await _client.PostAsync("/api/emails", JsonBody(body), Ct);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(results, (await response.ReadJsonAsync()).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("status").GetInt32()));
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        _aws.Dispose();
    }

    /// <summary>The sample's email, with changes: each pair sets a field to a JSON value, or removes it (null).</summary>
    private static JsonObject Email(params (string Field, JsonNode? Value)[] changes)
    {
        var email = JsonNode.Parse(SampleJson)!["data"]!.DeepClone().AsObject();
        foreach (var (field, value) in changes)
        {
            if (value is null)
            {
                email.Remove(field);
            }
            else
            {
                email[field] = value;
            }
        }

        return email;
    }

    private static string Bulk(IEnumerable<JsonNode?> emails, string? token = DevelopmentToken.Value)
    {
        var body = new JsonObject { ["emails"] = new JsonArray([.. emails.Select(e => e?.DeepClone())]) };
        if (token is not null)
        {
            body["token"] = token;
        }

        return body.ToJsonString();
    }

    private static string[] Paths(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}

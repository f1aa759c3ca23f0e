using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EmailPipeline.TestCommon;
using static EmailPipeline.Api.FunctionalTests.Requests;

namespace EmailPipeline.Api.FunctionalTests;

/// <summary>Every row of the status table of POST /api/email, and the shape of what comes back.</summary>
public sealed class SubmitEmailTests(MotoServer moto) : IAsyncLifetime
{
    private readonly AwsResources _aws = new(moto);
    private ApiFactory _api = null!;
    private TestQueue _queue = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (_api, _queue) = await ApiFactory.StartAsync(moto, _aws);
        _client = _api.CreateClient();
        await _api.WaitUntilReadyAsync();
    }

    [Fact]
    public async Task Submit_TheSample_Returns202WithTheSqsMessageId_AndTheMessageIsInTheQueue()
    {
        var response = await _client.PostAsync("/api/email", JsonBody(SampleJson), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("accepted", body.GetProperty("status").GetString());
        var message = Assert.Single(await _aws.DrainQueueAsync(_queue.Url, 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(message.MessageId, body.GetProperty("message_id").GetString());
        Assert.Equal(SampleQueueBody, message.Body);
        Assert.DoesNotContain(DevelopmentToken.Value[1..6], message.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_TimestreamAsJsonInteger_IsQueuedAsAString()
    {
        var response = await _client.PostAsync("/api/email", JsonBody(Sample(("data.email_timestream", 1693561101))), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(await _aws.DrainQueueAsync(_queue.Url, 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(SampleQueueBody, message.Body);
    }

    [Theory]
    [InlineData("1693561101.0", "1693561101")]
    [InlineData("1.693561101e9", "1693561101")]
    [InlineData("16935611010E-1", "1693561101")]
    [InlineData("-0", "0")]
    public async Task Submit_TimestreamAsANumberWhoseValueIsAnInteger_IsAccepted_AsJsonSchemaCountsIntegers_AndQueuedAsItsDigits(
        string number, string digits)
    {
        var body = Sample().Replace("\"1693561101\"", number, StringComparison.Ordinal);
        Assert.Contains(number, body, StringComparison.Ordinal);

        var response = await _client.PostAsync("/api/email", JsonBody(body), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(await _aws.DrainQueueAsync(_queue.Url, 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(SampleQueueBody.Replace("1693561101", digits, StringComparison.Ordinal), message.Body);
    }

    [Fact]
    public async Task Submit_WithTheTimestampAlias_IsQueuedUnderTheCanonicalName()
    {
        var body = Sample(("data.email_timestream", null), ("data.email_timestamp", "1693561101"));

        var response = await _client.PostAsync("/api/email", JsonBody(body), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = Assert.Single(await _aws.DrainQueueAsync(_queue.Url, 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(SampleQueueBody, message.Body);
    }

    [Fact]
    public async Task Submit_WithTimestreamAndAliasDiffering_Returns400AtTheAlias()
    {
        var response = await _client.PostAsync("/api/email", JsonBody(Sample(("data.email_timestamp", "1693561102"))), Ct);

        await AssertValidationProblemAsync(response, "data.email_timestamp");
    }

    [Fact]
    public async Task Submit_WhenFieldsAreInvalid_Returns400ListingEveryFieldByJsonPath()
    {
        var body = Sample(
            ("data.email_subject", "   "),
            ("data.email_sender", null),
            ("data.email_timestream", "next tuesday"),
            ("data.email_content", 42));

        var response = await _client.PostAsync("/api/email", JsonBody(body), Ct);

        await AssertValidationProblemAsync(
            response, "data.email_subject", "data.email_sender", "data.email_timestream", "data.email_content");
        Assert.Equal(0, await _aws.CountMessagesAsync(_queue.Url));
    }

    [Fact]
    public async Task Submit_LengthLimits_AreInclusive()
    {
        var atLimits = Sample(("data.email_subject", new string('s', 998)), ("data.email_sender", new string('a', 320)));
        var overLimits = Sample(("data.email_subject", new string('s', 999)), ("data.email_sender", new string('a', 321)));

        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsync("/api/email", JsonBody(atLimits), Ct)).StatusCode);
        await AssertValidationProblemAsync(
            await _client.PostAsync("/api/email", JsonBody(overLimits), Ct), "data.email_subject", "data.email_sender");
    }

    [Fact]
    public async Task Submit_TimestreamMoreThanADayAhead_Returns400()
    {
        var tomorrowAndABit = DateTimeOffset.UtcNow.AddHours(25).ToUnixTimeSeconds();

        var response = await _client.PostAsync("/api/email", JsonBody(Sample(("data.email_timestream", tomorrowAndABit))), Ct);

        await AssertValidationProblemAsync(response, "data.email_timestream");
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"data\": {\"email_subject\": ")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("\"a string\"")]
    [InlineData("{} {}")]
    public async Task Submit_WhenTheBodyIsNotAJsonObject_Returns400ForTheWholeBody(string body)
    {
        var response = await _client.PostAsync("/api/email", JsonBody(body), Ct);

        await AssertValidationProblemAsync(response, "$");
    }

    [Theory]
    [InlineData(1, HttpStatusCode.Accepted)]
    [InlineData(2, HttpStatusCode.BadRequest)]
    public async Task Submit_AfterAByteOrderMark_IsRead_AsRfc8259Allows_ButNotAfterTwo(int marks, HttpStatusCode expected)
    {
        byte[] mark = [0xEF, 0xBB, 0xBF];
        using var content = new ByteArrayContent([.. Enumerable.Repeat(mark, marks).SelectMany(m => m), .. Encoding.UTF8.GetBytes(Sample())]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await _client.PostAsync("/api/email", content, Ct);

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task Submit_AMemberNameWithAnEscapeThatIsNotUnicode_Returns400_SayingSo_NotThatItIsNotJson()
    {
        var body = Sample().Replace("\"email_content\"", "\"\\udc00\":1,\"email_content\"", StringComparison.Ordinal);
        Assert.Contains("\\udc00", body, StringComparison.Ordinal);

        var response = await _client.PostAsync("/api/email", JsonBody(body), Ct);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("The request body holds an escaped string that is not valid Unicode.", problem.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("\"Happy new year!\"", "\"Happy \\ud800 new year!\"", "data.email_subject")]
    [InlineData("\"John doe\"", "\"\\udc00\"", "data.email_sender")]
    [InlineData("\"1693561101\"", "\"16935\\ud83d61101\"", "data.email_timestream")]
    public async Task Submit_AFieldWithAnEscapeThatIsNotUnicode_Returns400_NamingTheField(string sampleText, string replacement, string path)
    {
        var body = Sample().Replace(sampleText, replacement, StringComparison.Ordinal);
        Assert.Contains(replacement, body, StringComparison.Ordinal);

        var response = await _client.PostAsync("/api/email", JsonBody(body), Ct);

        await AssertValidationProblemAsync(response, path);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"the email\"")]
    [InlineData("42")]
    public async Task Submit_WhenDataIsNotAnObject_Returns400AtData(string data)
    {
        var response = await _client.PostAsync("/api/email", JsonBody(Sample(("data", JsonNode.Parse(data)))), Ct);

        await AssertValidationProblemAsync(response, "data");
    }

    [Fact]
    public async Task Submit_WhenDataIsMissing_Returns400AtData()
    {
        var response = await _client.PostAsync("/api/email", JsonBody(Sample(("data", null))), Ct);

        await AssertValidationProblemAsync(response, "data");
    }

    [Theory]
    [InlineData("wrong")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Submit_WhenTokenIsMissingOrWrong_Returns401_AlwaysTheSameProblem(string? token)
    {
        var body = token is null ? Sample(("token", null)) : Sample(("token", token));

        var response = await _client.PostAsync("/api/email", JsonBody(body), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.Equal("The token is missing or wrong.", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await _aws.CountMessagesAsync(_queue.Url));
    }

    [Fact]
    public async Task Submit_WhenTokenIsWrong_AndTheEmailInvalid_Returns401_SayingNothingAboutTheEmail()
    {
        var response = await _client.PostAsync("/api/email", JsonBody(Sample(("token", "wrong"), ("data.email_sender", " "))), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("email_sender", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ATokenThatIsNotAString_Returns401()
    {
        var response = await _client.PostAsync("/api/email", JsonBody(Sample(("token", 12345))), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Submit_BodyOver256KiB_Returns413()
    {
        var body = Sample(("data.email_content", new string('c', 256 * 1024)));

        var response = await _client.PostAsync("/api/email", JsonBody(body), Ct);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Submit_ChunkedBodyOver256KiB_Returns413()
    {
        var body = Encoding.UTF8.GetBytes(Sample(("data.email_content", new string('c', 300 * 1024))));
        using var content = new StreamContent(new MemoryStream(body)); // no Content-Length: sent chunked
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await _client.PostAsync("/api/email", content, Ct);

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Submit_BodyOfExactly256KiB_IsNotRefusedForItsSize()
    {
        var shell = Sample(("data.email_content", string.Empty));
        var body = Sample(("data.email_content", new string('c', (256 * 1024) - Encoding.UTF8.GetByteCount(shell))));
        Assert.Equal(256 * 1024, Encoding.UTF8.GetByteCount(body));

        var response = await _client.PostAsync("/api/email", JsonBody(body), Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task Submit_WhenTheBodyIsNotJson_Returns415(string contentType)
    {
        var response = await _client.PostAsync("/api/email", JsonBody(SampleJson, contentType), Ct);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Submit_WithoutAContentType_Returns415()
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(SampleJson));

        var response = await _client.PostAsync("/api/email", content, Ct);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Submit_JsonInAnotherCharset_Returns415()
    {
        using var content = new ByteArrayContent(Encoding.Unicode.GetBytes(SampleJson));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=utf-16");

        var response = await _client.PostAsync("/api/email", content, Ct);

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task UnknownRoute_Returns404Problem_AndWrongMethod405()
    {
        await AssertProblemAsync(await _client.GetAsync("/api/no-such-resource", Ct), HttpStatusCode.NotFound);
        await AssertProblemAsync(await _client.GetAsync("/api/email", Ct), HttpStatusCode.MethodNotAllowed);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        _aws.Dispose();
    }

    private static async Task AssertValidationProblemAsync(HttpResponseMessage response, params string[] paths)
    {
        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        Assert.Equal(paths.Order(), errors.EnumerateObject().Select(p => p.Name).Order());
        foreach (var error in errors.EnumerateObject())
        {
            Assert.NotEmpty(error.Value.EnumerateArray());
        }
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
        Assert.StartsWith("https://", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(DevelopmentToken.Value[1..6], problem.GetRawText(), StringComparison.Ordinal);
        return problem;
    }
}

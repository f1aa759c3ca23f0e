using System.Net;
using System.Text.Json;
using EmailPipeline.Api.Emails;
using EmailPipeline.Application.Emails;
using EmailPipeline.Domain.Emails;
using EmailPipeline.TestCommon;
using static EmailPipeline.Api.FunctionalTests.Requests;

namespace EmailPipeline.Api.FunctionalTests;

/// <summary>Health, readiness, metrics and the OpenAPI document.</summary>
public sealed partial class OperationsTests(MotoServer moto) : IAsyncLifetime
{
    private readonly AwsResources _aws = new(moto);
    private ApiFactory _api = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (_api, _) = await ApiFactory.StartAsync(moto, _aws);
        _client = _api.CreateClient();
        await _api.WaitUntilReadyAsync();
    }

    [Fact]
    public async Task Health_Returns200Healthy()
    {
        var response = await _client.GetAsync("/health", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("""{"status":"healthy"}""", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Ready_WhenQueueAndParameterAreReachable_Returns200()
    {
        var response = await _client.GetAsync("/health/ready", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal("ready", body.GetProperty("status").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("sqs").GetString());
        Assert.Equal("healthy", body.GetProperty("checks").GetProperty("ssm").GetString());
    }

    [Fact]
    public async Task Metrics_CountRequestsByRouteTemplate_AndValidationErrorsByType()
    {
        const string post = "method=\"POST\",endpoint=\"/api/email\"";
        var accepted = await MetricsPage.SumAsync(_client, "api_requests_total", post + ",status=\"202\"");
        var rejected = await MetricsPage.SumAsync(_client, "api_requests_total", post + ",status=\"400\"");
        var blank = await MetricsPage.SumAsync(_client, "api_validation_errors_total", "error_type=\"blank\"");

        await _client.PostAsync("/api/email", JsonBody(SampleJson), Ct);
        await _client.PostAsync("/api/email", JsonBody(Sample(("data.email_sender", " "))), Ct);
        await _client.GetAsync("/api/email/some/raw/path/123", Ct);

        Assert.True(await MetricsPage.SumAsync(_client, "api_requests_total", post + ",status=\"202\"") >= accepted + 1);
        Assert.True(await MetricsPage.SumAsync(_client, "api_requests_total", post + ",status=\"400\"") >= rejected + 1);
        Assert.True(await MetricsPage.SumAsync(_client, "api_validation_errors_total", "error_type=\"blank\"") >= blank + 1);

        var text = await _client.GetStringAsync("/metrics", Ct);
        Assert.Contains("api_request_duration_seconds_bucket{method=\"POST\",endpoint=\"/api/email\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/api/email/some/raw/path", text, StringComparison.Ordinal);
        Assert.Contains("endpoint=\"unmatched\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_DescribesTheSubmitEndpoint()
    {
        var document = await _client.GetStringAsync("/openapi/v1.json", Ct);

        Assert.Contains("\"/api/email\"", document, StringComparison.Ordinal);
        Assert.Contains("email_timestream", document, StringComparison.Ordinal);
        Assert.Contains("\"202\"", document, StringComparison.Ordinal);
        Assert.Contains("\"503\"", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_TheEmailSchema_HasTheNamesAndLimitsTheValidatorApplies()
    {
        using var document = JsonDocument.Parse(await _client.GetStringAsync("/openapi/v1.json", Ct));

        var schemas = document.RootElement.GetProperty("components").GetProperty("schemas");
        var email = schemas.GetProperty(nameof(SubmitEmailRequestSchema)).GetProperty("properties").GetProperty("data").GetProperty("properties");
        Assert.Equal(EmailSubject.MaxLength, email.GetProperty(EmailDocument.SubjectName).GetProperty("maxLength").GetInt32());
        Assert.Equal(EmailSender.MaxLength, email.GetProperty(EmailDocument.SenderName).GetProperty("maxLength").GetInt32());
        Assert.Contains(
            $"at most {EmailTimestream.MaxFutureSkew.TotalHours:0} h in the future",
            email.GetProperty(EmailDocument.TimestreamName).GetProperty("description").GetString(),
            StringComparison.Ordinal);
        Assert.Equal(
            ["data", "token"],
            schemas.GetProperty(nameof(SubmitEmailRequestSchema)).GetProperty("required").EnumerateArray().Select(e => e.GetString()).Order());
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        _aws.Dispose();
    }
}

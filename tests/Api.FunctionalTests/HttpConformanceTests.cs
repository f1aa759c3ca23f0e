using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using EmailPipeline.TestCommon;
using static EmailPipeline.Api.FunctionalTests.Requests;

namespace EmailPipeline.Api.FunctionalTests;

/// <summary>
/// What RFC 9110 lets a client write, and the Api must therefore read, on Kestrel: media-type parameters in any case,
/// quoted; content codings; bodies up to the limit however they are chunked. (What it must refuse is in the corpus.)
/// </summary>
[Collection(ExactCountCollection.Name)]
public sealed class HttpConformanceTests(MotoServer moto) : IAsyncLifetime
{
    private const int Limit = 256 * 1024;

    private readonly AwsResources _aws = new(moto);
    private ApiFactory _api = null!;
    private HttpClient _client = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (_api, _) = await ApiFactory.StartAsync(moto, _aws);
        _api.UseKestrelOnLoopback();
        _client = _api.CreateClient();
        await _api.WaitUntilReadyAsync();
    }

    [Theory]
    [InlineData("application/json; charset=\"UTF-8\"")]
    [InlineData("application/json; charset=\"utf\\-8\"")]
    [InlineData("application/json;charset=utf-8")]
    [InlineData("Application/JSON; Charset=UTF-8")]
    [InlineData("application/json ; charset = utf-8")]
    [InlineData("application/json;")]
    [InlineData("application/json; charset=utf-8; version=1")]
    [InlineData("application/problem+json")]
    public async Task Submit_WithAMediaTypeRfc9110Allows_Returns202(string contentType)
    {
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(SampleJson));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        var response = await _client.PostAsync("/api/email", content, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("GZIP")]
    [InlineData("x-gzip")]
    [InlineData("br")]
    [InlineData("identity")]
    public async Task Submit_InAContentCodingTheApiDecodes_Returns202(string coding)
    {
        var body = Encoding.UTF8.GetBytes(SampleJson);
        using var content = new ByteArrayContent(coding switch
        {
            "br" => Compress(body, s => new BrotliStream(s, CompressionLevel.Optimal)),
            "identity" => body,
            _ => Compress(body, s => new GZipStream(s, CompressionLevel.Optimal)),
        });
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        content.Headers.TryAddWithoutValidation("Content-Encoding", coding);

        var response = await _client.PostAsync("/api/email", content, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Submit_Gzip_ThatDecodesToExactly256KiB_Returns202()
    {
        var body = Encoding.UTF8.GetBytes(Padded(Limit));
        using var content = new ByteArrayContent(Compress(body, s => new GZipStream(s, CompressionLevel.Optimal)));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        content.Headers.TryAddWithoutValidation("Content-Encoding", "gzip");

        var response = await _client.PostAsync("/api/email", content, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData(Limit)]
    [InlineData(64 * 1024)]
    [InlineData(7)]
    [InlineData(1)]
    public async Task Submit_AChunkedBodyOfExactly256KiB_Returns202_WhateverItsFraming(int chunkSize)
    {
        var body = Encoding.UTF8.GetBytes(Padded(Limit));
        var request = RawHttp.Request("POST", "/api/email", ["Content-Type: application/json", "Transfer-Encoding: chunked"], RawHttp.Chunked(body, chunkSize));

        using var response = await RawHttp.SendAsync(_client.BaseAddress!, request, Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Submit_NotAsJson_Is415FromTheEndpoint_WithADetail_CountedUnderItsRouteAndErrorType()
    {
        const string route = "method=\"POST\",endpoint=\"/api/email\",status=\"415\"";
        var answered = await MetricsPage.SumAsync(_client, "api_requests_total", route);
        var counted = await MetricsPage.SumAsync(_client, "api_validation_errors_total", "error_type=\"unsupported_media_type\"");

        var response = await _client.PostAsync("/api/email", JsonBody(SampleJson, "text/plain"), Ct);

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(answered + 1, await MetricsPage.SumAsync(_client, "api_requests_total", route));
        Assert.Equal(counted + 1, await MetricsPage.SumAsync(_client, "api_validation_errors_total", "error_type=\"unsupported_media_type\""));
    }

    [Theory]
    [InlineData("post")]
    [InlineData("Post")]
    [InlineData("GET")]
    public async Task Submit_WithAMethodThatIsNotExactlyPost_Is405_WithAllow_CountedUnderTheRoute(string method)
    {
        var metered = method == "GET" ? "GET" : "OTHER";
        var route = $"method=\"{metered}\",endpoint=\"/api/email\",status=\"405\"";
        var answered = await MetricsPage.SumAsync(_client, "api_requests_total", route);
        var body = Encoding.UTF8.GetBytes(SampleJson);

        using var response = await RawHttp.SendAsync(
            _client.BaseAddress!, RawHttp.Request(method, "/api/email", ["Content-Type: application/json", $"Content-Length: {body.Length}"], body), Ct);

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Equal(answered + 1, await MetricsPage.SumAsync(_client, "api_requests_total", route));
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/health")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    public async Task ReadOnlyEndpoints_TakeGetAndHead_AndAnswerOtherMethods405(string path)
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync(path, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, path), Ct)).StatusCode);

        var response = await _client.PostAsync(path, JsonBody("{}"), Ct);

        await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow);
    }

    [Theory]
    [InlineData("/api/emails/1")]
    [InlineData("/openapi/v2.json")] // not a document the Api has: not echoed back in plain text
    public async Task APathWithNoResource_Is404_WithADetail_CountedAsNotFound(string path)
    {
        var counted = await MetricsPage.SumAsync(_client, "api_validation_errors_total", "error_type=\"not_found\"");

        await AssertProblemAsync(await _client.GetAsync(path, Ct), HttpStatusCode.NotFound);

        Assert.Equal(counted + 1, await MetricsPage.SumAsync(_client, "api_validation_errors_total", "error_type=\"not_found\""));
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _api.DisposeAsync();
        _aws.Dispose();
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.ReadJsonAsync();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        return problem;
    }

    /// <summary>The sample, padded with spaces to <paramref name="bytes"/>.</summary>
    private static string Padded(int bytes) => SampleJson + new string(' ', bytes - Encoding.UTF8.GetByteCount(SampleJson));

    private static byte[] Compress(byte[] body, Func<Stream, Stream> compressor)
    {
        using var compressed = new MemoryStream();
        using (var stream = compressor(compressed))
        {
            stream.Write(body);
        }

        return compressed.ToArray();
    }
}

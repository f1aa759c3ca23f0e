using System.Diagnostics;
using System.Text.Json;
using EmailPipeline.TestCommon;

namespace EmailPipeline.EndToEnd.Tests;

/// <summary>One trace from the request to the archive: the W3C trace id crosses the queue.</summary>
[Collection(PipelineCollection.Name)]
public sealed class TracingTests(Pipeline pipeline)
{
    [Fact]
    public async Task TheTraceId_OfTheRequest_ReachesTheConsumersArchiveEvent_WithTracingExportOff()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        var (status, messageId) = await pipeline.SubmitAsync(
            Emails.Email(Emails.NewSender(), 1_700_000_000, "traced"), traceParent: $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        await pipeline.ArchivedAsync();

        Assert.Equal(202, status);
        Assert.Equal(traceId, TraceIdOf(pipeline.Api.Process, $"queued as message {messageId}"));
        Assert.Equal(traceId, TraceIdOf(pipeline.Consumer.Process, $"Archived message {messageId} "));
    }

    /// <summary>The trace id of the one log event that contains <paramref name="text"/>.</summary>
    internal static string? TraceIdOf(ServiceProcess service, string text)
    {
        var line = Assert.Single(service.Output, l => l.Contains(text, StringComparison.Ordinal));
        using var log = JsonDocument.Parse(line);
        return log.RootElement.TryGetProperty("TraceId", out var traceId) ? traceId.GetString() : null;
    }
}

/// <summary>A second pipeline, exporting its spans to the console (OTEL_TRACES_EXPORTER=console).</summary>
public sealed class TracedPipeline(MotoServer moto) : Pipeline(moto)
{
    protected override IReadOnlyDictionary<string, string?> ExtraEnvironment { get; } =
        new Dictionary<string, string?> { ["OTEL_TRACES_EXPORTER"] = "console" };
}

[CollectionDefinition(Name)]
public sealed class TracedPipelineCollection : ICollectionFixture<TracedPipeline>
{
    public const string Name = "traced pipeline";
}

[Collection(TracedPipelineCollection.Name)]
public sealed class TraceExportTests(TracedPipeline pipeline)
{
    [Fact]
    public async Task WithTheConsoleExporter_TheApiAndTheConsumer_ExportSpansOfOneTrace()
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();

        var (_, messageId) = await pipeline.SubmitAsync(
            Emails.Email(Emails.NewSender(), 1_700_000_000, "exported"), traceParent: $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        await pipeline.ArchivedAsync();
        // What is tested here is the exporter's output: the span of the message's processing.
        await pipeline.Consumer.Process.WaitForOutputAsync(line => line.Contains("emails process", StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        Assert.Equal(traceId, TracingTests.TraceIdOf(pipeline.Consumer.Process, $"Archived message {messageId} "));
        Assert.Contains(pipeline.Api.Process.Output, line => line.Contains("emails publish", StringComparison.Ordinal));
        Assert.Contains(pipeline.Api.Process.Output, line => line.Contains(traceId, StringComparison.Ordinal) && line.Contains("TraceId", StringComparison.Ordinal));
        Assert.Contains(pipeline.Consumer.Process.Output, line => line.Contains(traceId, StringComparison.Ordinal) && line.Contains("TraceId", StringComparison.Ordinal));
    }
}

using System.Diagnostics;
using System.Text.Json;
using EmailPipeline.Infrastructure.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EmailPipeline.Infrastructure.UnitTests.Observability;

public sealed class CompactJsonConsoleFormatterTests
{
    private static readonly Func<IReadOnlyList<KeyValuePair<string, object?>>, Exception?, string> Format = (_, _) => "Archived message m-1 as k.json";

    [Fact]
    public void AnEvent_IsOneLineOfJson_WithItsPropertiesAsFields()
    {
        KeyValuePair<string, object?>[] properties =
        [
            new("MessageId", "m-1"), new("StatusCode", 202), new("Big", ulong.MaxValue), new("Ratio", 0.5),
            new("Ok", true), new("Missing", null), new("{OriginalFormat}", "Archived message {MessageId}"),
        ];

        var line = Write(LogLevel.Information, properties, exception: null);

        Assert.EndsWith("\n", line, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line.TrimEnd('\n'));
        var json = JsonDocument.Parse(line).RootElement;
        Assert.Equal("Information", json.GetProperty("Level").GetString());
        Assert.Equal("EmailPipeline.Test", json.GetProperty("Category").GetString());
        Assert.Equal("Archived message m-1 as k.json", json.GetProperty("Message").GetString());
        Assert.True(DateTimeOffset.TryParse(json.GetProperty("Timestamp").GetString(), out _));
        Assert.Equal("m-1", json.GetProperty("MessageId").GetString());
        Assert.Equal(202, json.GetProperty("StatusCode").GetInt32());
        Assert.Equal(ulong.MaxValue, json.GetProperty("Big").GetUInt64());
        Assert.Equal(0.5, json.GetProperty("Ratio").GetDouble());
        Assert.True(json.GetProperty("Ok").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("Missing").ValueKind);
        Assert.False(json.TryGetProperty("{OriginalFormat}", out _));
        Assert.False(json.TryGetProperty("TraceId", out _));
        Assert.False(json.TryGetProperty("Exception", out _));
    }

    [Fact]
    public void AnEventInAnActivity_CarriesItsTraceAndSpanIds()
    {
        using var activity = new Activity("test").SetIdFormat(ActivityIdFormat.W3C).Start();

        var json = JsonDocument.Parse(Write(LogLevel.Warning, [], exception: null)).RootElement;

        Assert.Equal(activity.TraceId.ToHexString(), json.GetProperty("TraceId").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), json.GetProperty("SpanId").GetString());
    }

    [Fact]
    public void AnException_IsWrittenWhole_AndAPropertyCannotOverwriteTheEnvelope()
    {
        var exception = new InvalidOperationException("queue gone");

        var json = JsonDocument.Parse(Write(LogLevel.Error, [new("Message", "spoofed"), new("Level", "Debug")], exception)).RootElement;

        Assert.Equal("Error", json.GetProperty("Level").GetString());
        Assert.Equal("Archived message m-1 as k.json", json.GetProperty("Message").GetString());
        Assert.Contains("InvalidOperationException: queue gone", json.GetProperty("Exception").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void EventsOneAfterAnother_OnOneThread_AreEachWhole_AfterOneTooLargeToKeepItsBuffer()
    {
        // The formatter reuses its buffer per thread: a long event, then short ones, must not leak into each other.
        var longText = string.Concat(Enumerable.Repeat("Grüße, 東京 😀 ", 2_000));

        var first = JsonDocument.Parse(Write(LogLevel.Information, [new("Text", longText)], new InvalidOperationException(longText))).RootElement;
        var second = JsonDocument.Parse(Write(LogLevel.Information, [new("MessageId", "m-2")], exception: null)).RootElement;
        var third = JsonDocument.Parse(Write(LogLevel.Information, [new("MessageId", "m-3")], exception: null)).RootElement;

        Assert.Equal(longText, first.GetProperty("Text").GetString());
        Assert.Equal("m-2", second.GetProperty("MessageId").GetString());
        Assert.False(second.TryGetProperty("Text", out _));
        Assert.False(second.TryGetProperty("Exception", out _));
        Assert.Equal("m-3", third.GetProperty("MessageId").GetString());
    }

    [Fact]
    public void LongTextBeyondAscii_IsWrittenAsItWas()
    {
        // Written as UTF-8, then decoded into the console's writer.
        var text = "é" + string.Concat(Enumerable.Repeat("😀a", 700));

        var json = JsonDocument.Parse(Write(LogLevel.Information, [new("Subject", text)], exception: null)).RootElement;

        Assert.Equal(text, json.GetProperty("Subject").GetString());
    }

    private static string Write(LogLevel level, IReadOnlyList<KeyValuePair<string, object?>> properties, Exception? exception)
    {
        using var output = new StringWriter();
        var entry = new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(level, "EmailPipeline.Test", new EventId(1), properties, exception, Format);
        new CompactJsonConsoleFormatter().Write(entry, scopeProvider: null, output);
        return output.ToString();
    }
}

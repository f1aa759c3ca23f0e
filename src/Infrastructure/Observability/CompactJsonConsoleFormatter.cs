using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace EmailPipeline.Infrastructure.Observability;

/// <summary>
/// One JSON object per log event, on one line, in the shape CloudWatch Logs Insights reads as fields:
/// <c>{"Timestamp","Level","Category","Message","TraceId","SpanId",...the event's own properties,"Exception"}</c>.
/// The trace and span ids come from the current activity, so every event of one request or message carries them.
/// It replaces the built-in JSON formatter with scopes, which formats every scope of every event as text (the
/// connection's, the request's, the activity's): measured at about a fifth of the Api's CPU under load.
/// </summary>
public sealed class CompactJsonConsoleFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "compact-json";

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        // Readable as it is: "+" and "<" stay themselves; the output never lands in HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly string[] Levels = ["Trace", "Debug", "Information", "Warning", "Error", "Critical", "None"];

    private const int MaxRetainedBytes = 16 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        // One buffer and writer per thread, reused: an event allocates its message and little else.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        buffer.ResetWrittenCount();
        writer.Reset(buffer);

        writer.WriteStartObject();
        Span<char> text = stackalloc char[32];
        DateTimeOffset.UtcNow.TryFormat(text, out var written, "yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        writer.WriteString("Timestamp", text[..written]);
        writer.WriteString("Level", Levels[(int)logEntry.LogLevel]);
        writer.WriteString("Category", logEntry.Category);
        writer.WriteString("Message", message);
        if (Activity.Current is { } activity)
        {
            Span<byte> id = stackalloc byte[16];
            activity.TraceId.CopyTo(id);
            Convert.TryToHexStringLower(id, text, out written);
            writer.WriteString("TraceId", text[..written]);
            activity.SpanId.CopyTo(id[..8]);
            Convert.TryToHexStringLower(id[..8], text, out written);
            writer.WriteString("SpanId", text[..written]);
        }

        if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> properties)
        {
            for (var i = 0; i < properties.Count; i++)
            {
                var (key, value) = properties[i];
                if (key != "{OriginalFormat}" && key is not ("Timestamp" or "Level" or "Category" or "Message" or "TraceId" or "SpanId" or "Exception"))
                {
                    WriteValue(writer, key, value);
                }
            }
        }

        if (logEntry.Exception is { } exception)
        {
            writer.WriteString("Exception", exception.ToString());
        }

        writer.WriteEndObject();
        writer.Flush();
        WriteUtf8(buffer.WrittenSpan, textWriter);
        textWriter.Write('\n');
        if (buffer.Capacity > MaxRetainedBytes)
        {
            // An event with a long exception: let its buffer go rather than keep it for every later event.
            t_buffer = null;
            t_writer = null;
        }
    }

    /// <summary>Decodes <paramref name="utf8"/> into <paramref name="textWriter"/> through a pooled array, without making a string of it.</summary>
    private static void WriteUtf8(ReadOnlySpan<byte> utf8, TextWriter textWriter)
    {
        var chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            textWriter.Write(chars, 0, Encoding.UTF8.GetChars(utf8, chars));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, string key, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNull(key);
                break;
            case bool flag:
                writer.WriteBoolean(key, flag);
                break;
            case ulong number:
                writer.WriteNumber(key, number);
                break;
            case int or long or short or byte or uint or ushort or sbyte:
                writer.WriteNumber(key, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumber(key, number);
                break;
            case float number when float.IsFinite(number):
                writer.WriteNumber(key, number);
                break;
            case decimal number:
                writer.WriteNumber(key, number);
                break;
            default:
                writer.WriteString(key, Convert.ToString(value, CultureInfo.InvariantCulture));
                break;
        }
    }
}

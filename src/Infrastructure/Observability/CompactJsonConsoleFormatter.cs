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

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (message is null && logEntry.Exception is null)
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("Timestamp", DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            writer.WriteString("Level", Levels[(int)logEntry.LogLevel]);
            writer.WriteString("Category", logEntry.Category);
            writer.WriteString("Message", message);
            if (Activity.Current is { } activity)
            {
                writer.WriteString("TraceId", activity.TraceId.ToHexString());
                writer.WriteString("SpanId", activity.SpanId.ToHexString());
            }

            if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> properties)
            {
                foreach (var (key, value) in properties)
                {
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
        }

        textWriter.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        textWriter.Write('\n');
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

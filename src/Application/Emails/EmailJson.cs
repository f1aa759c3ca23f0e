using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using EmailPipeline.Domain.Emails;

namespace EmailPipeline.Application.Emails;

/// <summary>
/// The one JSON form of an email, used for the queue message body and the archived object alike:
/// <c>{"email_subject":…,"email_sender":…,"email_timestream":"1693561101","email_content":…}</c>, canonical field
/// names in this order, timestream as a string. The same email always gives the same bytes, which is what lets the
/// archive recognise a redelivery.
/// </summary>
/// <remarks>
/// Text is written as UTF-8 as is. Only what JSON requires is escaped (the quote, the backslash, control characters)
/// and what SQS refuses in a message body (U+FFFE and U+FFFF): so a character takes no more bytes here than it took in
/// the request that carried it, but for those two, and a message is as large as its email's text. (The framework's
/// encoders also escape U+007F, U+2028 and everything outside the Basic Multilingual Plane, which can triple the
/// size of a message.)
/// </remarks>
public static class EmailJson
{
    /// <summary>The bytes that may need escaping: the quote, the backslash, control characters, and the lead byte of U+FFFE/U+FFFF.</summary>
    private static readonly SearchValues<byte> MayNeedEscaping =
        SearchValues.Create([.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\', 0xEF]);

    /// <summary>Each control character's escape: the short form where JSON has one, else <c>\u00XX</c>.</summary>
    private static readonly byte[][] ControlEscapes = [.. Enumerable.Range(0, 0x20).Select(c => Encoding.ASCII.GetBytes(c switch
    {
        '\b' => "\\b",
        '\t' => "\\t",
        '\n' => "\\n",
        '\f' => "\\f",
        '\r' => "\\r",
        _ => $"\\u{c:X4}",
    }))];

    public static byte[] Serialize(Email email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var buffer = new ArrayBufferWriter<byte>(256);
        buffer.Write("{"u8);
        WriteMember(buffer, EmailDocument.SubjectName, email.Subject.Value, first: true);
        WriteMember(buffer, EmailDocument.SenderName, email.Sender.Value);
        WriteMember(buffer, EmailDocument.TimestreamName, email.Timestream.ToString());
        WriteMember(buffer, EmailDocument.ContentName, email.Content.Value);
        buffer.Write("}"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteMember(ArrayBufferWriter<byte> output, string name, string value, bool first = false)
    {
        if (!first)
        {
            output.Write(","u8);
        }

        WriteString(output, name);
        output.Write(":"u8);
        WriteString(output, value);
    }

    private static void WriteString(ArrayBufferWriter<byte> output, string value)
    {
        // Encoded into the stack or a pooled array, not a new array per field.
        const int OnTheStack = 512;
        var maxBytes = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? pooled = null;
        var utf8 = maxBytes <= OnTheStack ? stackalloc byte[OnTheStack] : (pooled = ArrayPool<byte>.Shared.Rent(maxBytes));
        try
        {
            WriteEscaped(output, utf8[..Encoding.UTF8.GetBytes(value, utf8)]);
        }
        finally
        {
            if (pooled is not null)
            {
                ArrayPool<byte>.Shared.Return(pooled);
            }
        }
    }

    private static void WriteEscaped(ArrayBufferWriter<byte> output, ReadOnlySpan<byte> rest)
    {
        output.Write("\""u8);
        int next;
        while ((next = rest.IndexOfAny(MayNeedEscaping)) >= 0)
        {
            output.Write(rest[..next]);
            rest = rest[next..];
            var length = 1;
            switch (rest[0])
            {
                case (byte)'"':
                    output.Write("\\\""u8);
                    break;
                case (byte)'\\':
                    output.Write("\\\\"u8);
                    break;
                case < 0x20:
                    output.Write(ControlEscapes[rest[0]]);
                    break;
                case 0xEF when rest is [_, 0xBF, 0xBE or 0xBF, ..]:
                    output.Write(rest[2] == 0xBE ? "\\uFFFE"u8 : "\\uFFFF"u8);
                    length = 3;
                    break;
                default:
                    // Another character of U+E000–U+FFFD: written as it is.
                    output.Write(rest[..1]);
                    break;
            }

            rest = rest[length..];
        }

        output.Write(rest);
        output.Write("\""u8);
    }

    /// <summary>Reads an email object; throws <see cref="JsonException"/> when the text is not a JSON object.</summary>
    public static EmailDocument Parse(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, EmailJsonContext.Default.EmailDocument)
        ?? throw new JsonException("The email is JSON null, not an object.");

    /// <inheritdoc cref="Parse(ReadOnlySpan{byte})"/>
    public static EmailDocument Parse(string json) =>
        JsonSerializer.Deserialize(json, EmailJsonContext.Default.EmailDocument)
        ?? throw new JsonException("The email is JSON null, not an object.");
}

/// <summary>
/// Source-generated serialization of <see cref="EmailDocument"/>: no reflection at run time. Duplicate property
/// names are rejected, so a document cannot say two things about one field.
/// </summary>
[JsonSourceGenerationOptions(AllowDuplicateProperties = false)]
[JsonSerializable(typeof(EmailDocument))]
[JsonSerializable(typeof(Common.Json.JsonField))]
public sealed partial class EmailJsonContext : JsonSerializerContext;

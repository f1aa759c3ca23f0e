using System.Text.Encodings.Web;
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
public static class EmailJson
{
    // Non-ASCII text is written as UTF-8 rather than \uXXXX escapes, so a message is no larger than the request
    // that carried it. "Unsafe" refers to embedding in HTML, which these documents never are.
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    public static byte[] Serialize(Email email)
    {
        ArgumentNullException.ThrowIfNull(email);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString(EmailDocument.SubjectName, email.Subject.Value);
            writer.WriteString(EmailDocument.SenderName, email.Sender.Value);
            writer.WriteString(EmailDocument.TimestreamName, email.Timestream.ToString());
            writer.WriteString(EmailDocument.ContentName, email.Content.Value);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
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

using System.Buffers;
using System.Text.Json;
using EmailPipeline.Application.Common.Json;
using EmailPipeline.Application.Emails;

namespace EmailPipeline.Api.Emails;

/// <summary>
/// The body of <c>POST /api/email</c>: <c>{"data": {…the email…}, "token": "…"}</c>. Read by hand with
/// <see cref="Utf8JsonReader"/> so that every way a body can be wrong gets its own answer: not JSON at all, not an
/// object, a <c>data</c> that is not an object, or fields that fail validation (left to the validator).
/// </summary>
internal sealed record SubmitEmailRequest(EmailDocument? Data, string? Token)
{
    public const string DataProperty = "data";
    public const string TokenProperty = "token";

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    /// <summary>Reads the body; throws <see cref="InvalidRequestBodyException"/> for anything but a JSON object.</summary>
    public static SubmitEmailRequest Parse(ReadOnlySequence<byte> body)
    {
        var reader = new Utf8JsonReader(body, ReaderOptions);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidRequestBodyException("$", "The request body must be a JSON object.");
            }

            EmailDocument? data = null;
            JsonField token = default;
            var seen = new HashSet<string>(2, StringComparer.Ordinal);
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.GetString()!;
                reader.Read();
                if (name is not (DataProperty or TokenProperty))
                {
                    reader.Skip();
                    continue;
                }

                if (!seen.Add(name))
                {
                    throw new InvalidRequestBodyException(name, $"{name} appears more than once.");
                }

                if (name == TokenProperty)
                {
                    token = JsonSerializer.Deserialize(ref reader, EmailJsonContext.Default.JsonField);
                }
                else
                {
                    data = ReadData(ref reader);
                }
            }

            // Anything after the object (or an unterminated object) is not JSON.
            while (reader.Read())
            {
            }

            return new SubmitEmailRequest(data, token.AsString());
        }
        catch (JsonException exception)
        {
            throw new InvalidRequestBodyException(
                "$", $"The request body is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).");
        }
    }

    private static EmailDocument? ReadData(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.StartObject => JsonSerializer.Deserialize(ref reader, EmailJsonContext.Default.EmailDocument),
        _ => throw new InvalidRequestBodyException(DataProperty, $"{DataProperty} must be a JSON object."),
    };

    // The token is a secret and the email personal data: neither is ever printed.
    public override string ToString() => "SubmitEmailRequest { … }";
}

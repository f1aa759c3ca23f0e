using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using EmailPipeline.Application.Common.Json;
using EmailPipeline.Application.Emails;

namespace EmailPipeline.Api.Emails;

/// <summary>
/// The body of <c>POST /api/email</c>: <c>{"data": {…the email…}, "token": "…"}</c>. Read by hand with
/// <see cref="Utf8JsonReader"/> so that every way a body can be wrong gets its own answer: not JSON at all, a member
/// twice (anywhere: named by its path), not an object, a <c>data</c> that is not an object, or fields that fail
/// validation (left to the validator).
/// </summary>
internal sealed record SubmitEmailRequest(EmailDocument? Data, string? Token)
{
    public const string DataProperty = "data";
    public const string TokenProperty = "token";

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    /// <summary>Reads the body; throws <see cref="InvalidRequestBodyException"/> for anything but a JSON object.</summary>
    public static SubmitEmailRequest Parse(ReadOnlySequence<byte> body)
    {
        // JSON between systems is UTF-8 (RFC 8259, 8.1), all of it: the reader checks only what it decodes.
        if (!(body.IsSingleSegment ? Utf8.IsValid(body.FirstSpan) : Utf8.IsValid(body.ToArray())))
        {
            throw new InvalidRequestBodyException("$", "The request body is not valid UTF-8.");
        }

        var reader = new Utf8JsonReader(body, ReaderOptions);
        try
        {
            if (DuplicateMembers.Find(body, ReaderOptions) is { } duplicate)
            {
                throw new InvalidRequestBodyException(duplicate, $"{duplicate} appears more than once.");
            }

            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new InvalidRequestBodyException("$", "The request body must be a JSON object.");
            }

            EmailDocument? data = null;
            JsonField token = default;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Compared, not decoded: any other name is skipped.
                var name = reader.ValueTextEquals(DataProperty) ? DataProperty : reader.ValueTextEquals(TokenProperty) ? TokenProperty : null;
                reader.Read();
                if (name is null)
                {
                    reader.Skip();
                    continue;
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
        catch (InvalidOperationException)
        {
            // What the reader throws for an escape it cannot turn into text: a lone surrogate such as "\ud800".
            throw new InvalidRequestBodyException("$", "The request body holds an escaped string that is not valid Unicode.");
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

using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using EmailPipeline.Application.Emails;

namespace EmailPipeline.Api.Emails;

/// <summary>
/// Reads a request body that must be one JSON object, by hand with <see cref="Utf8JsonReader"/>, so that every way a
/// body can be wrong gets its own answer (<see cref="InvalidRequestBodyException"/>): not UTF-8, not JSON at all, a
/// member twice (anywhere: named by its path), not an object. The members the endpoint knows are handed to it; any
/// other is skipped.
/// </summary>
internal static class JsonRequest
{
    /// <summary>Reads the value of the member <paramref name="name"/>, the reader on its first token.</summary>
    public delegate void MemberReader(string name, ref Utf8JsonReader reader);

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 64 };

    private static ReadOnlySpan<byte> Utf8ByteOrderMark => [0xEF, 0xBB, 0xBF];

    public static void ReadObject(ReadOnlySequence<byte> body, IReadOnlyList<string> members, MemberReader read)
    {
        // A sender must not put a byte order mark before JSON, and a reader may ignore one (RFC 8259, 8.1): some
        // clients' tools write one. One is ignored; a second is not JSON.
        if (new SequenceReader<byte>(body).IsNext(Utf8ByteOrderMark))
        {
            body = body.Slice(Utf8ByteOrderMark.Length);
        }

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

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Compared, not decoded: any other name is skipped.
                var name = Known(ref reader, members);
                reader.Read();
                if (name is null)
                {
                    reader.Skip();
                    continue;
                }

                read(name, ref reader);
            }

            // Anything after the object (or an unterminated object) is not JSON.
            while (reader.Read())
            {
            }
        }
        // What the reader throws for a member name whose escape it cannot turn into text, a lone surrogate such as
        // "\ud800". In a value, that is the field's own problem, which validation names (JsonField.IsNotUnicode).
        catch (InvalidOperationException)
        {
            throw new InvalidRequestBodyException("$", "The request body holds an escaped string that is not valid Unicode.");
        }
        catch (JsonException exception)
        {
            throw new InvalidRequestBodyException(
                "$", $"The request body is not valid JSON (line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}).");
        }
    }

    /// <summary>The token member's value as a string; null when it is absent, null or not a string.</summary>
    public static string? ReadToken(ref Utf8JsonReader reader) =>
        JsonSerializer.Deserialize(ref reader, EmailJsonContext.Default.JsonField).AsString();

    /// <summary>An email object, or null when the value is JSON null.</summary>
    /// <exception cref="InvalidRequestBodyException">The value is neither an object nor null.</exception>
    public static EmailDocument? ReadEmail(ref Utf8JsonReader reader, string path) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.StartObject => JsonSerializer.Deserialize(ref reader, EmailJsonContext.Default.EmailDocument),
        _ => throw new InvalidRequestBodyException(path, $"{path} must be a JSON object."),
    };

    private static string? Known(ref Utf8JsonReader reader, IReadOnlyList<string> members)
    {
        foreach (var member in members)
        {
            if (reader.ValueTextEquals(member))
            {
                return member;
            }
        }

        return null;
    }
}

using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace EmailPipeline.Application.Common.Json;

/// <summary>
/// One value of a JSON object exactly as it arrived, before validation: its kind and, for strings and numbers, its
/// text. Keeping the kind lets validation tell a missing field from a null one from a wrong type, and report all
/// of them at once instead of stopping at the first value that does not fit a CLR type.
/// </summary>
[JsonConverter(typeof(JsonFieldConverter))]
public readonly record struct JsonField(JsonValueKind Kind, string? Text)
{
    /// <summary>The field was not in the object at all (the default value).</summary>
    public bool IsMissing => Kind == JsonValueKind.Undefined;

    /// <summary>Missing or <c>null</c>: either way, no value was given.</summary>
    public bool IsAbsent => Kind is JsonValueKind.Undefined or JsonValueKind.Null;

    public bool IsString => Kind == JsonValueKind.String;

    /// <summary>
    /// A JSON string whose escapes do not make Unicode text, e.g. a lone surrogate (<c>"\ud800"</c>, which a
    /// JavaScript client writes for half an emoji): a string without text.
    /// </summary>
    public bool IsNotUnicode => IsString && Text is null;

    /// <summary>A JSON number whose value is an integer (<see cref="IntegerText"/>).</summary>
    public bool IsInteger => IntegerText is not null;

    /// <summary>
    /// The integer a JSON number stands for, in plain digits, or null for anything else. As JSON Schema counts
    /// integers (and so the OpenAPI document), a number with a zero fraction or an exponent is one:
    /// <c>1693561101</c>, <c>1693561101.0</c> and <c>1.693561101e9</c> all give <c>1693561101</c>, <c>-0</c> gives
    /// <c>0</c>.
    /// </summary>
    public string? IntegerText => Kind != JsonValueKind.Number || Text is null ? null
        : !Text.AsSpan().ContainsAnyExceptInRange('0', '9') ? Text
        : decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value == decimal.Truncate(value)
            ? (value == 0 ? 0m : value).ToString("0", CultureInfo.InvariantCulture)
            : null;

    public static JsonField String(string value) => new(JsonValueKind.String, value);

    /// <summary>The string value, or null for anything that is not a JSON string.</summary>
    public string? AsString() => IsString ? Text : null;

    // Never print the value: a field may hold a secret (the token) or personal data (the email).
    public override string ToString() => Kind.ToString();
}

/// <summary>Reads any JSON value into a <see cref="JsonField"/>; objects and arrays keep only their kind.</summary>
public sealed class JsonFieldConverter : JsonConverter<JsonField>
{
    public override bool HandleNull => true;

    public override JsonField Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new JsonField(JsonValueKind.String, ReadString(ref reader));
            case JsonTokenType.Number:
                return new JsonField(JsonValueKind.Number, Encoding.UTF8.GetString(
                    reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan));
            case JsonTokenType.True:
                return new JsonField(JsonValueKind.True, null);
            case JsonTokenType.False:
                return new JsonField(JsonValueKind.False, null);
            case JsonTokenType.Null:
                return new JsonField(JsonValueKind.Null, null);
            case JsonTokenType.StartObject:
                reader.Skip();
                return new JsonField(JsonValueKind.Object, null);
            case JsonTokenType.StartArray:
                reader.Skip();
                return new JsonField(JsonValueKind.Array, null);
            default:
                throw new JsonException($"Unexpected JSON token {reader.TokenType}.");
        }
    }

    private static string? ReadString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException exception)
        {
            // Bytes that are not UTF-8 make the document unreadable. An escape that is not Unicode text (a lone
            // surrogate) is the field's own problem, which validation names (IsNotUnicode).
            var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
            return Utf8.IsValid(raw) ? null : throw new JsonException("A string is not valid UTF-8.", exception);
        }
    }

    public override void Write(Utf8JsonWriter writer, JsonField value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        switch (value.Kind)
        {
            case JsonValueKind.String:
                writer.WriteStringValue(value.Text);
                break;
            case JsonValueKind.Number:
                writer.WriteRawValue(value.Text!);
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                writer.WriteBooleanValue(value.Kind == JsonValueKind.True);
                break;
            default:
                writer.WriteNullValue();
                break;
        }
    }
}

using System.Text;
using System.Text.Json;
using EmailPipeline.Application.Emails;
using EmailPipeline.Domain.Emails;

namespace EmailPipeline.Application.UnitTests.Emails;

public sealed class EmailJsonTests
{
    [Fact]
    public void Serialize_WritesTheFourCanonicalFields_InOrder_TimestreamAsString()
    {
        var email = Email.Create("Happy new year!", "John doe", "001693561101", "Just want to say... Happy new year!!!");

        var json = Encoding.UTF8.GetString(EmailJson.Serialize(email));

        Assert.Equal(
            """{"email_subject":"Happy new year!","email_sender":"John doe","email_timestream":"1693561101","email_content":"Just want to say... Happy new year!!!"}""",
            json);
    }

    [Fact]
    public void Serialize_KeepsNonAsciiAsUtf8_AndEscapesWhatJsonRequires()
    {
        var email = Email.Create("Grüße 🎉", "Zoë", "1", "line1\nline2 \"quoted\" \\ \u0001");

        var json = Encoding.UTF8.GetString(EmailJson.Serialize(email));

        Assert.Contains("\"email_subject\":\"Grüße ", json, StringComparison.Ordinal);
        Assert.Contains("\"email_sender\":\"Zoë\"", json, StringComparison.Ordinal);
        Assert.Contains("line1\\nline2 \\\"quoted\\\" \\\\ \\u0001", json, StringComparison.Ordinal);
        Assert.Equal(email, EmailJson.Parse(json).ToEmail());
    }

    [Theory]
    [InlineData("\u007F")]
    [InlineData("😀")]
    [InlineData("a\u2028b\u2029")]
    [InlineData("<>&'+`")]
    [InlineData("\uE000\uFFFD")]
    [InlineData("\U0010FFFF")]
    public void Serialize_WritesTextAsUtf8AsIs_WhereTheFrameworksEncodersWouldEscapeIt(string text)
    {
        var email = Email.Create("s", "x", "1", text);

        var json = EmailJson.Serialize(email);

        Assert.Equal(
            Encoding.UTF8.GetBytes("""{"email_subject":"s","email_sender":"x","email_timestream":"1","email_content":""" + $"\"{text}\"}}"),
            json);
    }

    [Fact]
    public void Serialize_ALongFieldBeyondAsciiWithEscapes_IsWrittenWhole()
    {
        // Long enough to be encoded in a pooled array rather than on the stack, and back to short after it.
        var content = string.Concat(Enumerable.Repeat("Grüße \"😀\"\n", 5_000));
        var email = Email.Create("s", "x", "1", content);

        var json = Encoding.UTF8.GetString(EmailJson.Serialize(email));

        Assert.Equal(content, EmailJson.Parse(json).Content.AsString());
        Assert.StartsWith("""{"email_subject":"s","email_sender":"x","email_timestream":"1","email_content":"Grüße \"😀\"\n""", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"", "\\\"")]
    [InlineData("\\", "\\\\")]
    [InlineData("\n\r\t\b\f", "\\n\\r\\t\\b\\f")]
    [InlineData("\u0000\u0001\u001F", "\\u0000\\u0001\\u001F")]
    [InlineData("\uFFFE\uFFFF", "\\uFFFE\\uFFFF")]
    [InlineData("a\uFFFFb\uFFFDc", "a\\uFFFFb\uFFFDc")]
    public void Serialize_EscapesOnlyWhatJsonRequires_AndWhatSqsRefuses(string text, string written)
    {
        var email = Email.Create("s", "x", "1", text);

        var json = Encoding.UTF8.GetString(EmailJson.Serialize(email));

        Assert.EndsWith($"\"email_content\":\"{written}\"}}", json, StringComparison.Ordinal);
        Assert.Equal(text, EmailJson.Parse(json).Content.AsString());
    }

    [Fact]
    public void Serialize_AnyText_ReadsBackTheSame_HoldsOnlyWhatSqsAccepts_AndIsNoLargerThanItsUtf8()
    {
        // SQS takes #x9 | #xA | #xD | #x20-#xD7FF | #xE000-#xFFFD | #x10000-#x10FFFF in a message body.
        static bool SqsAccepts(Rune rune) => rune.Value is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or >= 0x10000;
        var random = new Random(15);
        int[] interesting = [0x0, 0x1, 0x9, 0xA, 0x1F, 0x20, 0x22, 0x5C, 0x7E, 0x7F, 0x80, 0xFF, 0x2028, 0xD7FF, 0xE000, 0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF];
        for (var i = 0; i < 500; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 40)).Select(_ => random.Next(3) == 0
                ? char.ConvertFromUtf32(interesting[random.Next(interesting.Length)])
                : char.ConvertFromUtf32(RandomScalar(random))));
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var json = EmailJson.Serialize(Email.Create("s", "x", "1", text));

            var written = Encoding.UTF8.GetString(json);
            Assert.Equal(text, EmailJson.Parse(json).Content.AsString());
            Assert.All(written.EnumerateRunes(), rune => Assert.True(SqsAccepts(rune), $"U+{rune.Value:X4} is in the body"));
            // Escaped: " and \ (2 bytes, as the request must have written them), controls (as JSON requires), U+FFFE/U+FFFF (6 for 3).
            var bound = Encoding.UTF8.GetByteCount(text) + text.Count(c => c is '"' or '\\') + (5 * text.Count(c => c < 0x20)) + (3 * text.Count(c => c >= 0xFFFE));
            Assert.InRange(json.Length, 0, bound + """{"email_subject":"s","email_sender":"x","email_timestream":"1","email_content":""}""".Length);
        }
    }

    [Fact]
    public void Serialize_TheSameEmail_GivesTheSameBytes()
    {
        var first = Email.Create("s", "x", "10", "c");
        var second = Email.Create("s", "x", "0010", "c");

        Assert.Equal(EmailJson.Serialize(first), EmailJson.Serialize(second));
    }

    [Theory]
    [InlineData("1693561101", "1693561101")]
    [InlineData("1693561101.000", "1693561101")]
    [InlineData("1.693561101E+9", "1693561101")]
    [InlineData("-0.0", "0")]
    [InlineData("-7", "-7")]
    [InlineData("1693561101.5", null)]
    [InlineData("1e400", null)]
    public void Parse_ANumberIsAnInteger_ExactlyWhenItsValueIs(string number, string? digits)
    {
        var document = EmailJson.Parse($$"""{"email_timestream":{{number}}}""");

        Assert.Equal(digits, document.Timestream.IntegerText);
        Assert.Equal(digits is not null, document.Timestream.IsInteger);
        Assert.Equal(number, document.Timestream.Text);
    }

    [Fact]
    public void Parse_KeepsKindsAndText_AndIgnoresUnknownFields()
    {
        var document = EmailJson.Parse(
            """{"email_subject":1,"email_sender":null,"email_timestream":1693561101,"email_content":{"a":[1]},"extra":true}""");

        Assert.Equal((JsonValueKind.Number, "1"), (document.Subject.Kind, document.Subject.Text));
        Assert.Equal(JsonValueKind.Null, document.Sender.Kind);
        Assert.True(document.Timestream.IsInteger);
        Assert.Equal("1693561101", document.TimestreamText);
        Assert.Equal(JsonValueKind.Object, document.Content.Kind);
        Assert.True(document.TimestampAlias.IsMissing);
    }

    [Theory]
    [InlineData("""{"email_subject":"a","email_subject":"b"}""")]
    [InlineData("""[]""")]
    [InlineData("""null""")]
    [InlineData("""{"email_subject":"a" """)]
    [InlineData("""not json""")]
    public void Parse_WhenNotASingleJsonObject_Throws(string json)
    {
        Assert.ThrowsAny<JsonException>(() => EmailJson.Parse(json));
    }

    private static int RandomScalar(Random random)
    {
        while (true)
        {
            var value = random.Next(0, 0x110000);
            if (value is < 0xD800 or > 0xDFFF)
            {
                return value;
            }
        }
    }

    [Fact]
    public void Parse_InvalidUtf8_Throws()
    {
        byte[] json = [.. "{\"email_subject\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        Assert.ThrowsAny<JsonException>(() => EmailJson.Parse(json));
    }
}

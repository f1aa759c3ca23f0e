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

    [Fact]
    public void Serialize_TheSameEmail_GivesTheSameBytes()
    {
        var first = Email.Create("s", "x", "10", "c");
        var second = Email.Create("s", "x", "0010", "c");

        Assert.Equal(EmailJson.Serialize(first), EmailJson.Serialize(second));
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

    [Fact]
    public void Parse_InvalidUtf8_Throws()
    {
        byte[] json = [.. "{\"email_subject\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        Assert.ThrowsAny<JsonException>(() => EmailJson.Parse(json));
    }
}

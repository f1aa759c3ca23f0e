using EmailPipeline.Application.Common.Json;
using EmailPipeline.Application.Emails;
using EmailPipeline.Application.Emails.ArchiveEmail;
using static EmailPipeline.Application.UnitTests.Emails.SampleEmails;

namespace EmailPipeline.Application.UnitTests.Emails;

public sealed class ArchiveEmailCommandValidatorTests
{
    private readonly ArchiveEmailCommandValidator _validator = new();

    [Fact]
    public void Validate_NamesFieldsAtTheRoot_BecauseTheMessageBodyIsTheEmail()
    {
        var result = _validator.Validate(Command(Document(sender: JsonField.String(" "), timestream: Number("1.5"))));

        Assert.Equal(
            [("email_sender", EmailErrorCodes.Blank), ("email_timestream", EmailErrorCodes.InvalidType)],
            result.Errors.Select(e => (e.PropertyName, e.ErrorCode)));
    }

    [Fact]
    public void Validate_AFarFutureTimestream_IsStillArchived()
    {
        var result = _validator.Validate(Command(Document(timestream: JsonField.String("4102444800")))); // 2100-01-01

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Validate_AReferenceServiceMessage_WithTheTimestampAlias_IsValid()
    {
        var document = EmailJson.Parse(
            """{"email_subject":"Hi","email_sender":"John doe","email_timestamp":"1693561101","email_content":"Hello"}""");

        Assert.True(_validator.Validate(Command(document)).IsValid);
    }

    [Theory]
    [InlineData("""{"email_subject":"Hi","email_sender":"John doe","email_timestream":"1693561101","email_timestamp":null,"email_content":"Hello"}""")]
    [InlineData("""{"email_subject":"Hi","email_sender":"John doe","email_timestream":null,"email_timestamp":"1693561101","email_content":"Hello"}""")]
    public void Validate_AQueuedMessage_WithTheOtherTimestreamFieldNull_IsStillArchived(string body)
    {
        Assert.True(_validator.Validate(Command(EmailJson.Parse(body))).IsValid);
    }

    private static ArchiveEmailCommand Command(EmailDocument document) => new(document, "message-1", SampleTime);
}

using System.Text.Json;
using EmailPipeline.Application.Common.Json;
using EmailPipeline.Application.Emails;
using EmailPipeline.Application.Emails.SubmitEmail;
using FluentValidation.Results;
using Microsoft.Extensions.Time.Testing;
using static EmailPipeline.Application.UnitTests.Emails.SampleEmails;

namespace EmailPipeline.Application.UnitTests.Emails;

public sealed class SubmitEmailCommandValidatorTests
{
    private readonly FakeTimeProvider _clock = new(SampleTime);

    [Fact]
    public void Validate_TheSample_IsValid()
    {
        var result = Validate(Document());

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Validate_WhenDataIsMissing_ReportsData()
    {
        var failure = Assert.Single(Validate(data: null).Errors);

        Assert.Equal("data", failure.PropertyName);
        Assert.Equal(EmailErrorCodes.Required, failure.ErrorCode);
    }

    [Fact]
    public void Validate_ListsEveryFailingField_ByJsonPath()
    {
        var result = Validate(Document(
            subject: Missing,
            sender: JsonField.String("   "),
            timestream: JsonField.String("yesterday"),
            content: Number("42")));

        Assert.Equal(
            [
                ("data.email_subject", EmailErrorCodes.Required),
                ("data.email_sender", EmailErrorCodes.Blank),
                ("data.email_timestream", EmailErrorCodes.InvalidTimestream),
                ("data.email_content", EmailErrorCodes.InvalidType),
            ],
            result.Errors.Select(e => (e.PropertyName, e.ErrorCode)));
    }

    [Fact]
    public void Validate_Messages_NameTheField()
    {
        var failure = Assert.Single(Validate(Document(sender: JsonField.String(""))).Errors);

        Assert.Equal("data.email_sender must not be blank.", failure.ErrorMessage);
    }

    [Fact]
    public void Validate_AStringThatIsNotUnicodeText_IsAnInvalidType_NamedAndSaidWhy()
    {
        var notUnicode = JsonSerializer.Deserialize("\"half an emoji: \\ud83d\"", EmailJsonContext.Default.JsonField);
        Assert.True(notUnicode.IsNotUnicode);

        var failure = Assert.Single(Validate(Document(content: notUnicode)).Errors);

        Assert.Equal(("data.email_content", EmailErrorCodes.InvalidType), (failure.PropertyName, failure.ErrorCode));
        Assert.Equal("data.email_content must be Unicode text (it holds an escaped lone surrogate).", failure.ErrorMessage);
    }

    [Theory]
    [InlineData(JsonValueKind.Null, EmailErrorCodes.Required)]
    [InlineData(JsonValueKind.True, EmailErrorCodes.InvalidType)]
    [InlineData(JsonValueKind.Object, EmailErrorCodes.InvalidType)]
    [InlineData(JsonValueKind.Array, EmailErrorCodes.InvalidType)]
    public void Validate_WhenSubjectIsNotAString_ReportsIt(JsonValueKind kind, string code)
    {
        var failure = Assert.Single(Validate(Document(subject: new JsonField(kind, null))).Errors);

        Assert.Equal(("data.email_subject", code), (failure.PropertyName, failure.ErrorCode));
    }

    [Fact]
    public void Validate_LengthLimits_AreInclusive()
    {
        Assert.True(Validate(Document(
            subject: JsonField.String(new string('s', 998)),
            sender: JsonField.String(new string('a', 320)))).IsValid);

        var result = Validate(Document(
            subject: JsonField.String(new string('s', 999)),
            sender: JsonField.String(new string('a', 321))));

        Assert.Equal(
            [("data.email_subject", EmailErrorCodes.TooLong), ("data.email_sender", EmailErrorCodes.TooLong)],
            result.Errors.Select(e => (e.PropertyName, e.ErrorCode)));
        Assert.Equal("data.email_subject must be at most 998 characters.", result.Errors[0].ErrorMessage);
    }

    [Fact]
    public void Validate_TimestreamAsJsonInteger_IsValid()
    {
        Assert.True(Validate(Document(timestream: Number("1693561101"))).IsValid);
    }

    [Theory]
    [InlineData("1693561101.5")]
    [InlineData("1.6935611015e9")]
    [InlineData("-1693561101")]
    public void Validate_TimestreamAsANumberThatIsNotAUnixTimeInWholeSeconds_IsInvalid(string number)
    {
        var failure = Assert.Single(Validate(Document(timestream: Number(number))).Errors);

        Assert.Equal("data.email_timestream", failure.PropertyName);
    }

    [Theory]
    [InlineData("1693561101.0")]
    [InlineData("1.693561101e9")]
    public void Validate_TimestreamAsANumberWhoseValueIsAnInteger_IsValid(string number)
    {
        var result = Validate(Document(timestream: Number(number)));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Validate_TimestreamUpTo24HoursAhead_IsValid_ButNotOneSecondMore()
    {
        var limit = SampleTime.AddHours(24).ToUnixTimeSeconds();

        Assert.True(Validate(Document(timestream: Number($"{limit}"))).IsValid);

        var failure = Assert.Single(Validate(Document(timestream: Number($"{limit + 1}"))).Errors);
        Assert.Equal(("data.email_timestream", EmailErrorCodes.FutureTimestream), (failure.PropertyName, failure.ErrorCode));
    }

    [Fact]
    public void Validate_FutureRule_FollowsTheClock()
    {
        var tomorrow = SampleTime.AddHours(30).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Validate(Document(timestream: JsonField.String(tomorrow))).IsValid);

        _clock.Advance(TimeSpan.FromHours(6));

        Assert.True(Validate(Document(timestream: JsonField.String(tomorrow))).IsValid);
    }

    [Fact]
    public void Validate_TimestampAlias_StandsInForTimestream()
    {
        var result = Validate(Document(timestream: Missing, timestampAlias: JsonField.String(Timestream)));

        Assert.True(result.IsValid, string.Join("; ", result.Errors));
    }

    [Fact]
    public void Validate_BothTimestreamAndAlias_WhenEqual_IsValid_EvenInDifferentForms()
    {
        Assert.True(Validate(Document(timestampAlias: Number("1693561101"))).IsValid);
        Assert.True(Validate(Document(timestampAlias: JsonField.String("01693561101"))).IsValid);
    }

    [Fact]
    public void Validate_BothTimestreamAndAlias_WhenDifferent_ReportsTheAlias()
    {
        var failure = Assert.Single(Validate(Document(timestampAlias: JsonField.String("1693561102"))).Errors);

        Assert.Equal(("data.email_timestamp", EmailErrorCodes.ConflictingAlias), (failure.PropertyName, failure.ErrorCode));
    }

    [Fact]
    public void Validate_InvalidAlias_IsReportedAtTheAliasPath()
    {
        var failure = Assert.Single(Validate(Document(timestream: Missing, timestampAlias: JsonField.String("soon"))).Errors);

        Assert.Equal(("data.email_timestamp", EmailErrorCodes.InvalidTimestream), (failure.PropertyName, failure.ErrorCode));
    }

    [Fact]
    public void Validate_NeitherTimestreamNorAlias_ReportsTimestreamRequired()
    {
        var failure = Assert.Single(Validate(Document(timestream: Null)).Errors);

        Assert.Equal(("data.email_timestream", EmailErrorCodes.Required), (failure.PropertyName, failure.ErrorCode));
    }

    [Fact]
    public void Validate_ATimestreamGiven_AndTheOtherFieldNull_NamesTheNullOne_AsTheSchemaAllowsNoNull()
    {
        var nullTimestream = Assert.Single(Validate(Document(timestream: Null, timestampAlias: Number(Timestream))).Errors);
        var nullAlias = Assert.Single(Validate(Document(timestampAlias: Null)).Errors);

        Assert.Equal(("data.email_timestream", EmailErrorCodes.InvalidType), (nullTimestream.PropertyName, nullTimestream.ErrorCode));
        Assert.Equal(("data.email_timestamp", EmailErrorCodes.InvalidType), (nullAlias.PropertyName, nullAlias.ErrorCode));
    }

    [Fact]
    public void Validate_BothTimestreamsNull_IsARequiredTimestream()
    {
        var failure = Assert.Single(Validate(Document(timestream: Null, timestampAlias: Null)).Errors);

        Assert.Equal(("data.email_timestream", EmailErrorCodes.Required), (failure.PropertyName, failure.ErrorCode));
    }

    private ValidationResult Validate(EmailDocument? data) =>
        new SubmitEmailCommandValidator(_clock).Validate(new SubmitEmailCommand(data, "token"));
}

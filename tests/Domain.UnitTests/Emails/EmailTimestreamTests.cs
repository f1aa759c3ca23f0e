using EmailPipeline.Domain.Emails;

namespace EmailPipeline.Domain.UnitTests.Emails;

public sealed class EmailTimestreamTests
{
    [Theory]
    [InlineData("1693561101", 1_693_561_101L)]
    [InlineData("0", 0L)]
    [InlineData("0001693561101", 1_693_561_101L)]
    [InlineData("253402300799", EmailTimestream.MaxSeconds)]
    public void Parse_WhenDigits_GivesSeconds(string text, long seconds)
    {
        Assert.Equal(seconds, EmailTimestream.Parse(text).Seconds);
        Assert.Null(EmailTimestream.Check(text));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("+1693561101")]
    [InlineData("1693561101.0")]
    [InlineData("1.6e9")]
    [InlineData(" 1693561101")]
    [InlineData("1693561101 ")]
    [InlineData("2023-09-01T09:38:21Z")]
    [InlineData("abc")]
    [InlineData("0x64F1AA0D")]
    [InlineData("١٦٩٣٥٦١١٠١")] // Arabic-Indic digits are digits, but not a Unix time
    [InlineData("253402300800")] // one second after the last representable date
    [InlineData("99999999999999999999999")] // would overflow a long
    public void Check_WhenNotWholeUnixSeconds_ReportsIt(string text)
    {
        Assert.Equal(EmailFieldError.NotUnixSeconds, EmailTimestream.Check(text));
        Assert.Throws<InvalidEmailException>(() => EmailTimestream.Parse(text));
    }

    [Theory]
    [InlineData(null, EmailFieldError.Missing)]
    [InlineData("", EmailFieldError.Blank)]
    [InlineData("  ", EmailFieldError.Blank)]
    public void Check_WhenMissingOrBlank_ReportsIt(string? text, EmailFieldError expected)
    {
        Assert.Equal(expected, EmailTimestream.Check(text));
    }

    [Fact]
    public void ToString_IsCanonical_WithoutLeadingZeros()
    {
        Assert.Equal("1693561101", EmailTimestream.Parse("0001693561101").ToString());
        Assert.Equal(EmailTimestream.Parse("1693561101"), EmailTimestream.Parse("01693561101"));
    }

    [Fact]
    public void Instant_IsTheUtcInstant()
    {
        Assert.Equal(
            new DateTimeOffset(2023, 9, 1, 9, 38, 21, TimeSpan.Zero),
            EmailTimestream.Parse("1693561101").Instant);
    }

    [Fact]
    public void IsTooFarAhead_AllowsExactly24HoursAhead_ButNotOneSecondMore()
    {
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var limit = now.ToUnixTimeSeconds() + (24 * 3600);

        Assert.False(EmailTimestream.FromSeconds(limit).IsTooFarAhead(now));
        Assert.True(EmailTimestream.FromSeconds(limit + 1).IsTooFarAhead(now));
        Assert.False(EmailTimestream.FromSeconds(0).IsTooFarAhead(now));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(EmailTimestream.MaxSeconds + 1)]
    public void FromSeconds_OutOfRange_Throws(long seconds)
    {
        Assert.Throws<InvalidEmailException>(() => EmailTimestream.FromSeconds(seconds));
    }
}

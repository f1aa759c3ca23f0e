using EmailPipeline.Domain.Emails;

namespace EmailPipeline.Domain.UnitTests.Emails;

public sealed class EmailTextFieldTests
{
    [Theory]
    [InlineData(null, EmailFieldError.Missing)]
    [InlineData("", EmailFieldError.Blank)]
    [InlineData("   ", EmailFieldError.Blank)]
    [InlineData("\t\r\n\u00A0\u2003", EmailFieldError.Blank)]
    public void Check_WhenValueIsMissingOrBlank_ReportsIt(string? value, EmailFieldError expected)
    {
        Assert.Equal(expected, EmailText.Check(value, EmailSubject.MaxLength));
        Assert.Equal(expected, EmailText.Check(value, EmailSender.MaxLength));
        Assert.Equal(expected, EmailText.Check(value, maxLength: null));
    }

    [Fact]
    public void Subject_AtItsLimit_IsValid_AndOneMoreCodePointIsTooLong()
    {
        Assert.Null(EmailText.Check(new string('s', EmailSubject.MaxLength), EmailSubject.MaxLength));
        Assert.Equal(EmailFieldError.TooLong, EmailText.Check(new string('s', EmailSubject.MaxLength + 1), EmailSubject.MaxLength));
    }

    [Fact]
    public void Sender_AtItsLimit_IsValid_AndOneMoreCodePointIsTooLong()
    {
        Assert.Null(EmailText.Check(new string('a', EmailSender.MaxLength), EmailSender.MaxLength));
        Assert.Equal(EmailFieldError.TooLong, EmailText.Check(new string('a', EmailSender.MaxLength + 1), EmailSender.MaxLength));
    }

    [Fact]
    public void Limits_CountCodePoints_NotUtf16Units()
    {
        // 998 emoji are 1,996 UTF-16 units but 998 code points, as a Python client counts them.
        var emoji = string.Concat(Enumerable.Repeat("\U0001F389", EmailSubject.MaxLength));

        Assert.Null(EmailText.Check(emoji, EmailSubject.MaxLength));
        Assert.Equal(EmailFieldError.TooLong, EmailText.Check(emoji + "x", EmailSubject.MaxLength));
    }

    [Fact]
    public void Content_HasNoLengthLimitOfItsOwn()
    {
        Assert.Null(EmailText.Check(new string('c', 1_000_000), maxLength: null));
    }

    [Fact]
    public void New_KeepsTheValueAsGiven_WithoutTrimming()
    {
        Assert.Equal("  Happy new year!  ", new EmailSubject("  Happy new year!  ").Value);
    }

    [Fact]
    public void New_WhenInvalid_ThrowsNamingFieldAndReason()
    {
        var exception = Assert.Throws<InvalidEmailException>(() => new EmailSender(" "));

        Assert.Equal(nameof(EmailSender), exception.Field);
        Assert.Equal(EmailFieldError.Blank, exception.Error);
    }

    [Fact]
    public void ValueObjects_CompareByValue()
    {
        Assert.Equal(new EmailContent("hi"), new EmailContent("hi"));
        Assert.NotEqual(new EmailContent("hi"), new EmailContent("hi "));
    }
}

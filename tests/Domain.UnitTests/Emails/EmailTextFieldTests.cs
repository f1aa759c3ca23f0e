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
        Assert.Equal(expected, EmailSubject.Check(value));
        Assert.Equal(expected, EmailSender.Check(value));
        Assert.Equal(expected, EmailContent.Check(value));
    }

    [Fact]
    public void Subject_AtItsLimit_IsValid_AndOneMoreCodePointIsTooLong()
    {
        Assert.Null(EmailSubject.Check(new string('s', EmailSubject.MaxLength)));
        Assert.Equal(EmailFieldError.TooLong, EmailSubject.Check(new string('s', EmailSubject.MaxLength + 1)));
    }

    [Fact]
    public void Sender_AtItsLimit_IsValid_AndOneMoreCodePointIsTooLong()
    {
        Assert.Null(EmailSender.Check(new string('a', EmailSender.MaxLength)));
        Assert.Equal(EmailFieldError.TooLong, EmailSender.Check(new string('a', EmailSender.MaxLength + 1)));
    }

    [Fact]
    public void Limits_CountCodePoints_NotUtf16Units()
    {
        // 998 emoji are 1,996 UTF-16 units but 998 code points, as a Python client counts them.
        var emoji = string.Concat(Enumerable.Repeat("\U0001F389", EmailSubject.MaxLength));

        Assert.Null(EmailSubject.Check(emoji));
        Assert.Equal(EmailFieldError.TooLong, EmailSubject.Check(emoji + "x"));
    }

    [Fact]
    public void Content_HasNoLengthLimitOfItsOwn()
    {
        Assert.Null(EmailContent.Check(new string('c', 1_000_000)));
    }

    [Fact]
    public void Create_KeepsTheValueAsGiven_WithoutTrimming()
    {
        Assert.Equal("  Happy new year!  ", EmailSubject.Create("  Happy new year!  ").Value);
    }

    [Fact]
    public void Create_WhenInvalid_ThrowsNamingFieldAndReason()
    {
        var exception = Assert.Throws<InvalidEmailException>(() => EmailSender.Create(" "));

        Assert.Equal(nameof(EmailSender), exception.Field);
        Assert.Equal(EmailFieldError.Blank, exception.Error);
    }

    [Fact]
    public void ValueObjects_CompareByValue()
    {
        Assert.Equal(EmailContent.Create("hi"), EmailContent.Create("hi"));
        Assert.NotEqual(EmailContent.Create("hi"), EmailContent.Create("hi "));
    }
}

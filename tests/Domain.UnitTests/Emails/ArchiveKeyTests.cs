using System.Security.Cryptography;
using System.Text;
using EmailPipeline.Domain.Emails;

namespace EmailPipeline.Domain.UnitTests.Emails;

public sealed class ArchiveKeyTests
{
    // SHA-256("John doe") = b77868f401668b84..., computed independently with `printf 'John doe' | sha256sum`.
    private const string JohnDoeHash = "b77868f401668b84";

    [Fact]
    public void For_TheSampleEmail_IsDatedByItsTimestream()
    {
        var key = ArchiveKey.For(Sample(timestream: "1693561101"));

        Assert.Equal($"emails/2023/09/01/email-1693561101-{JohnDoeHash}.json", key.Value);
    }

    [Theory]
    [InlineData("1693612799", "2023/09/01")] // 23:59:59 UTC on 1 September
    [InlineData("1693612800", "2023/09/02")] // 00:00:00 UTC on 2 September
    [InlineData("1709164800", "2024/02/29")] // a leap day
    [InlineData("1709251199", "2024/02/29")] // its last second
    [InlineData("1709251200", "2024/03/01")]
    [InlineData("1677628800", "2023/03/01")] // no 29 February in 2023
    [InlineData("951782400", "2000/02/29")] // 2000 is a leap year (divisible by 400)
    [InlineData("0", "1970/01/01")]
    [InlineData("253402300799", "9999/12/31")]
    public void For_UsesTheUtcDayOfTheTimestream(string timestream, string day)
    {
        var key = ArchiveKey.For(Sample(timestream: timestream));

        Assert.StartsWith($"emails/{day}/email-{timestream}-", key.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void For_HashesTheUtf8Sender_First16LowercaseHexCharacters()
    {
        const string sender = "Zoë <zoë@exämple.org>";
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sender)))[..16];

        var key = ArchiveKey.For(Sample(sender: sender));

        Assert.EndsWith($"-{expected}.json", key.Value, StringComparison.Ordinal);
        Assert.Matches("^emails/\\d{4}/\\d{2}/\\d{2}/email-\\d+-[0-9a-f]{16}\\.json$", key.Value);
    }

    [Fact]
    public void For_TheSameSenderAndSecond_GivesTheSameKey_WhateverTheContent()
    {
        Assert.Equal(
            ArchiveKey.For(Sample(content: "first")),
            ArchiveKey.For(Sample(content: "second")));
    }

    [Fact]
    public void For_UsesTheCanonicalTimestream()
    {
        Assert.Equal(
            ArchiveKey.For(Sample(timestream: "1693561101")),
            ArchiveKey.For(Sample(timestream: "001693561101")));
    }

    [Fact]
    public void WithContentHash_AppendsTheFirst16HexCharactersOfTheBodyHash()
    {
        var body = "{\"email_subject\":\"x\"}"u8.ToArray();
        var bodyHash = Convert.ToHexStringLower(SHA256.HashData(body))[..16];

        var key = ArchiveKey.WithContentHash(Sample(timestream: "1693561101"), body);

        Assert.Equal($"emails/2023/09/01/email-1693561101-{JohnDoeHash}-{bodyHash}.json", key.Value);
    }

    [Fact]
    public void WithContentHash_DiffersForDifferentBodies()
    {
        var email = Sample();

        Assert.NotEqual(
            ArchiveKey.WithContentHash(email, "a"u8),
            ArchiveKey.WithContentHash(email, "b"u8));
    }

    private static Email Sample(
        string sender = "John doe", string timestream = "1693561101", string content = "Happy new year!!!") =>
        Email.Create("Happy new year!", sender, timestream, content);
}

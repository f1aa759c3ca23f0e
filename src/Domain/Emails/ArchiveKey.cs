using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EmailPipeline.Domain.Emails;

/// <summary>
/// Where an email is archived: <c>emails/YYYY/MM/DD/email-{timestream}-{sender_hash}.json</c>, dated by the UTC day of
/// the timestream (not of processing), with the first 16 hex characters of the SHA-256 of the UTF-8 sender.
/// Two different emails from one sender in one second share that key; the second one goes to
/// <see cref="WithContentHash"/>, named after the SHA-256 of its archived body.
/// </summary>
public sealed record ArchiveKey
{
    public const string Prefix = "emails/";

    private const int HashChars = 16;

    private ArchiveKey(string value) => Value = value;

    public string Value { get; }

    /// <summary>The key every email is first written to.</summary>
    public static ArchiveKey For(Email email) => new(Stem(email) + ".json");

    /// <summary>The key for an email whose primary key already holds a different email.</summary>
    /// <param name="email">The email being archived.</param>
    /// <param name="body">The exact bytes that will be stored for it.</param>
    public static ArchiveKey WithContentHash(Email email, ReadOnlySpan<byte> body) =>
        new($"{Stem(email)}-{ShortHash(body)}.json");

    public override string ToString() => Value;

    private static string Stem(Email email)
    {
        var day = email.Timestream.Instant.UtcDateTime;
        var senderHash = ShortHash(Encoding.UTF8.GetBytes(email.Sender.Value));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Prefix}{day:yyyy}/{day:MM}/{day:dd}/email-{email.Timestream}-{senderHash}");
    }

    private static string ShortHash(ReadOnlySpan<byte> data) =>
        Convert.ToHexStringLower(SHA256.HashData(data))[..HashChars];
}

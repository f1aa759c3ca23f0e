using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EmailPipeline.EndToEnd.Tests;

/// <summary>Emails for the tests, each from a sender of its own so the tests do not see each other's objects.</summary>
internal static class Emails
{
    public static object Sample { get; } = new
    {
        email_subject = "Happy new year!",
        email_sender = "John doe",
        email_timestream = "1693561101",
        email_content = "Just want to say... Happy new year!!!",
    };

    public const string SampleKey = "emails/2023/09/01/email-1693561101-b77868f401668b84.json";

    public const string SampleBody =
        """{"email_subject":"Happy new year!","email_sender":"John doe","email_timestream":"1693561101","email_content":"Just want to say... Happy new year!!!"}""";

    public static string NewSender() => $"tester-{Guid.NewGuid():N}@example.org";

    public static object Email(string sender, long timestream, string content) => new
    {
        email_subject = "End to end",
        email_sender = sender,
        email_timestream = timestream.ToString(CultureInfo.InvariantCulture),
        email_content = content,
    };

    /// <summary>The key prefix every email from <paramref name="sender"/> at <paramref name="timestream"/> is archived under.</summary>
    public static string KeyStem(string sender, long timestream)
    {
        var day = DateTimeOffset.FromUnixTimeSeconds(timestream).UtcDateTime;
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sender)))[..16];
        return string.Create(CultureInfo.InvariantCulture, $"emails/{day:yyyy/MM/dd}/email-{timestream}-{hash}");
    }
}

using System.Globalization;

namespace EmailPipeline.Domain.Emails;

/// <summary>
/// When the email was sent, as a Unix time in whole seconds. The text form is canonical: ASCII digits without
/// leading zeros, so "0001693561101" and 1693561101 are the same timestream.
/// </summary>
public sealed record EmailTimestream
{
    /// <summary>How far ahead of the clock a timestream may be when an email is submitted.</summary>
    public static readonly TimeSpan MaxFutureSkew = TimeSpan.FromHours(24);

    /// <summary>The last second <see cref="DateTimeOffset"/> can represent: 9999-12-31T23:59:59Z.</summary>
    public const long MaxSeconds = 253_402_300_799;

    private EmailTimestream(long seconds) => Seconds = seconds;

    public long Seconds { get; }

    public DateTimeOffset Instant => DateTimeOffset.FromUnixTimeSeconds(Seconds);

    /// <summary>Returns why <paramref name="text"/> is not a timestream, or null when it is.</summary>
    public static EmailFieldError? Check(string? text) => text switch
    {
        null => EmailFieldError.Missing,
        _ when string.IsNullOrWhiteSpace(text) => EmailFieldError.Blank,
        _ => TryParseSeconds(text, out _) ? null : EmailFieldError.NotUnixSeconds,
    };

    /// <summary>Parses a string of ASCII digits; throws <see cref="InvalidEmailException"/> for anything else.</summary>
    public static EmailTimestream Parse(string? text) =>
        text is not null && TryParseSeconds(text, out var seconds)
            ? new EmailTimestream(seconds)
            : throw new InvalidEmailException(nameof(EmailTimestream), Check(text) ?? EmailFieldError.NotUnixSeconds);

    public static EmailTimestream FromSeconds(long seconds) =>
        seconds is >= 0 and <= MaxSeconds
            ? new EmailTimestream(seconds)
            : throw new InvalidEmailException(nameof(EmailTimestream), EmailFieldError.NotUnixSeconds);

    /// <summary>True when this timestream is later than <paramref name="now"/> plus <see cref="MaxFutureSkew"/>.</summary>
    public bool IsTooFarAhead(DateTimeOffset now) => Seconds > now.ToUnixTimeSeconds() + (long)MaxFutureSkew.TotalSeconds;

    public override string ToString() => Seconds.ToString(CultureInfo.InvariantCulture);

    private static bool TryParseSeconds(string text, out long seconds)
    {
        seconds = 0;
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            // char.IsDigit would also accept other scripts' digits; a Unix time is ASCII.
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            seconds = (seconds * 10) + (c - '0');
            if (seconds > MaxSeconds)
            {
                return false;
            }
        }

        return true;
    }
}

namespace EmailPipeline.Domain.Emails;

/// <summary>
/// A text field of the email, kept as given: present, not blank after trimming, and, when the field has a limit, at
/// most that many Unicode code points (as a Python <c>len</c> counts them). The rule is written here once; each
/// field names only its limit. A field built from an invalid value throws <see cref="InvalidEmailException"/>;
/// <see cref="Check"/> says why a value is invalid without throwing.
/// </summary>
public abstract record EmailText
{
    private protected EmailText(string? value, int? maxLength) =>
        Value = Check(value, maxLength) is { } error ? throw new InvalidEmailException(GetType().Name, error) : value!;

    public string Value { get; }

    /// <summary>Returns why <paramref name="value"/> is not valid text, or null when it is.</summary>
    /// <param name="value">The candidate value.</param>
    /// <param name="maxLength">The field's limit in code points (<c>EmailSubject.MaxLength</c>), or null for none.</param>
    public static EmailFieldError? Check(string? value, int? maxLength)
    {
        if (value is null)
        {
            return EmailFieldError.Missing;
        }

        if (string.IsNullOrWhiteSpace(value))
        {
            return EmailFieldError.Blank;
        }

        return maxLength is { } limit && CodePointsExceed(value, limit) ? EmailFieldError.TooLong : null;
    }

    public sealed override string ToString() => Value;

    private static bool CodePointsExceed(string value, int limit)
    {
        // A string of at most `limit` UTF-16 units cannot hold more code points than that.
        if (value.Length <= limit)
        {
            return false;
        }

        var count = 0;
        foreach (var _ in value.EnumerateRunes())
        {
            if (++count > limit)
            {
                return true;
            }
        }

        return false;
    }
}

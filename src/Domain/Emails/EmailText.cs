namespace EmailPipeline.Domain.Emails;

/// <summary>The rule shared by the text fields: present, not blank after trimming, within a length limit.</summary>
internal static class EmailText
{
    /// <summary>Returns why <paramref name="value"/> is not valid text, or null when it is.</summary>
    /// <param name="value">The candidate value.</param>
    /// <param name="maxLength">The limit in Unicode code points (as a Python <c>len</c> counts), or null for none.</param>
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

    public static string Require(string? value, int? maxLength, string field) =>
        Check(value, maxLength) is { } error
            ? throw new InvalidEmailException(field, error)
            : value!;
}

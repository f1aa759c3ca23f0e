using EmailPipeline.Domain.Emails;

namespace EmailPipeline.Application.Emails;

/// <summary>
/// The error codes a validation failure carries. They are a small, fixed set, so they can label metrics
/// (<c>api_validation_errors_total{error_type}</c>) and clients can act on them.
/// </summary>
public static class EmailErrorCodes
{
    /// <summary>
    /// Of any field: absent or null, not of the field's JSON type (or a string that is not Unicode text), empty or
    /// only white space, over its limit.
    /// </summary>
    public const string Required = "required", InvalidType = "invalid_type", Blank = "blank", TooLong = "too_long";

    /// <summary>Of the timestream: not a Unix time in whole seconds, too far ahead, or contradicted by its alias.</summary>
    public const string InvalidTimestream = "invalid_timestream", FutureTimestream = "future_timestream", ConflictingAlias = "conflicting_alias";

    /// <summary>Of a bulk request: no emails, or more than one request may carry.</summary>
    public const string EmailCount = "email_count";

    public static IReadOnlyList<string> All { get; } =
        [Required, InvalidType, Blank, TooLong, InvalidTimestream, FutureTimestream, ConflictingAlias, EmailCount];

    public static string For(EmailFieldError error) => error switch
    {
        EmailFieldError.Missing => Required,
        EmailFieldError.Blank => Blank,
        EmailFieldError.TooLong => TooLong,
        EmailFieldError.NotUnixSeconds => InvalidTimestream,
        EmailFieldError.TooFarInFuture => FutureTimestream,
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, null),
    };
}

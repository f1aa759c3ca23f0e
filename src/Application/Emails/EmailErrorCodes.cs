using EmailPipeline.Domain.Emails;

namespace EmailPipeline.Application.Emails;

/// <summary>
/// The error codes a validation failure carries. They are a small, fixed set, so they can label metrics
/// (<c>api_validation_errors_total{error_type}</c>) and clients can act on them.
/// </summary>
public static class EmailErrorCodes
{
    public const string Required = "required";
    public const string InvalidType = "invalid_type";
    public const string Blank = "blank";
    public const string TooLong = "too_long";
    public const string InvalidTimestream = "invalid_timestream";
    public const string FutureTimestream = "future_timestream";
    public const string ConflictingAlias = "conflicting_alias";

    public static IReadOnlyList<string> All { get; } =
        [Required, InvalidType, Blank, TooLong, InvalidTimestream, FutureTimestream, ConflictingAlias];

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

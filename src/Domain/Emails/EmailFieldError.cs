namespace EmailPipeline.Domain.Emails;

/// <summary>Why a value cannot be a field of an email. Each value is also a stable, bounded error code.</summary>
public enum EmailFieldError
{
    /// <summary>The field is absent or null.</summary>
    Missing,

    /// <summary>The field is empty or only white space.</summary>
    Blank,

    /// <summary>The field is longer than its limit, counted in Unicode code points.</summary>
    TooLong,

    /// <summary>The timestream is not a Unix time in whole seconds.</summary>
    NotUnixSeconds,

    /// <summary>The timestream is further in the future than <see cref="EmailTimestream.MaxFutureSkew"/>.</summary>
    TooFarInFuture,
}

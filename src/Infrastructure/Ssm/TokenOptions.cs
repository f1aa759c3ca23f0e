namespace EmailPipeline.Infrastructure.Ssm;

/// <summary>Where the Api's token lives and how long a read of it is trusted.</summary>
internal sealed class TokenOptions
{
    public const string Section = "Token";

    /// <summary>The environment variable that names the parameter.</summary>
    public const string ParameterVariable = "SSM_TOKEN_PARAMETER";

    /// <summary>The SSM parameter (a SecureString) that holds the token. Required.</summary>
    public string ParameterName { get; set; } = string.Empty;

    /// <summary>
    /// Age at which the cached token is re-read in the background. A rotated token is honoured within this plus one SSM
    /// call (must stay under 60 s).
    /// </summary>
    public TimeSpan RefreshAfter { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// The least time between two reads of SSM while a token is known, whatever the traffic: a burst of wrong tokens
    /// costs at most one read per interval.
    /// </summary>
    public TimeSpan MinReadInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a known token keeps being used while SSM cannot be read.</summary>
    public TimeSpan MaxStaleness { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// After a rotation, how long the previous token stays accepted, counted from the new version's modification time
    /// in SSM, so that clients can switch at their own pace. Zero: the previous token is refused as soon as the new
    /// one is known.
    /// </summary>
    public TimeSpan RotationGrace { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The budget for one read of SSM, retries included.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>While no token is known, the waits between attempts grow from 1 s up to this.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);
}

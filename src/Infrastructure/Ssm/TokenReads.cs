namespace EmailPipeline.Infrastructure.Ssm;

/// <summary>How a read of the token from SSM ended: the values of <c>token_source_reads_total{result}</c>.</summary>
public static class TokenReads
{
    public const string Success = "success", Failure = "failure", Misconfigured = "misconfigured";

    public static IReadOnlyList<string> All { get; } = [Success, Failure, Misconfigured];
}

/// <summary>Which token an accepted request presented: the values of <c>token_source_authentications_total{version}</c>.</summary>
public static class TokenVersions
{
    /// <summary>The version now in SSM.</summary>
    public const string Current = "current";

    /// <summary>The version before it, accepted during the rotation's grace period.</summary>
    public const string Previous = "previous";

    public static IReadOnlyList<string> All { get; } = [Current, Previous];
}

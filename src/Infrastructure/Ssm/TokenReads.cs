namespace EmailPipeline.Infrastructure.Ssm;

/// <summary>How a read of the token from SSM ended: the values of <c>token_source_reads_total{result}</c>.</summary>
public static class TokenReads
{
    public const string Success = "success", Failure = "failure", Misconfigured = "misconfigured";

    public static IReadOnlyList<string> All { get; } = [Success, Failure, Misconfigured];
}

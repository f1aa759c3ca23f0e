namespace EmailPipeline.Infrastructure.Aws;

/// <summary>
/// The AWS services the pipeline depends on, by the short names that its errors, health checks, logs and metric
/// labels (<c>s3_unavailable</c>) use.
/// </summary>
public static class Dependencies
{
    public const string Sqs = "sqs";
    public const string S3 = "s3";
    public const string Ssm = "ssm";
}

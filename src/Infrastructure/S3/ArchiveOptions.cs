namespace EmailPipeline.Infrastructure.S3;

/// <summary>Where and how emails are archived.</summary>
internal sealed class ArchiveOptions
{
    public const string Section = "Archive";

    /// <summary>The environment variable that names the bucket.</summary>
    public const string BucketVariable = "S3_BUCKET_NAME";

    /// <summary>The bucket to archive into. Required.</summary>
    public string BucketName { get; set; } = string.Empty;

    /// <summary>
    /// Path-style addressing (<c>http://host/bucket/key</c>). Unset: on whenever a custom S3 endpoint is configured
    /// (AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL), which emulators reached by host name (localhost) need.
    /// </summary>
    public bool? ForcePathStyle { get; set; }

    /// <summary>Server-side encryption: <c>AES256</c> (SSE-S3, the default) or <c>aws:kms</c>.</summary>
    public string ServerSideEncryption { get; set; } = "AES256";

    /// <summary>The KMS key for <c>aws:kms</c>; unset uses the AWS managed key.</summary>
    public string? KmsKeyId { get; set; }

    /// <summary>The budget for one write or read of S3, retries included.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(8);
}

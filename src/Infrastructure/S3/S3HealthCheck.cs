using System.Net;
using Amazon.S3;
using EmailPipeline.Domain.Emails;
using EmailPipeline.Infrastructure.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmailPipeline.Infrastructure.S3;

/// <summary>
/// Ready when the bucket exists and objects under <c>emails/</c> can be read, shown by reading a key that is never
/// written: S3 answers NoSuchKey when all is well, NoSuchBucket or AccessDenied when not. (Without s3:ListBucket on
/// the prefix, S3 answers AccessDenied for a missing key too; the Terraform grants it.)
/// </summary>
internal sealed class S3HealthCheck(IAmazonS3 s3, IOptions<ArchiveOptions> options, TimeProvider clock) : IHealthCheck
{
    private const string ProbeKey = ArchiveKey.Prefix + ".probe";

    private readonly AwsCall _aws = new(Dependencies.S3, clock);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        DependencyHealth.CheckAsync(() => _aws.RunAsync($"Reading bucket {options.Value.BucketName}", options.Value.CallTimeout, async token =>
        {
            try
            {
                using var response = await s3.GetObjectAsync(options.Value.BucketName, ProbeKey, token);
            }
            catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound && exception.ErrorCode != "NoSuchBucket")
            {
                // NoSuchKey: the bucket is there and readable.
            }

            return true;
        }, cancellationToken));
}

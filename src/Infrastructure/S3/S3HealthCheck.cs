using System.Net;
using Amazon.S3;
using EmailPipeline.Domain.Emails;
using EmailPipeline.Infrastructure.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EmailPipeline.Infrastructure.S3;

/// <summary>
/// Ready when the bucket exists and objects under <c>emails/</c> can be read, shown by reading a key that is never
/// written: S3 answers NoSuchKey when all is well, NoSuchBucket or AccessDenied when not. (Without s3:ListBucket on
/// the prefix, S3 answers AccessDenied for a missing key too; the Terraform grants it.) A 200 without an object's
/// ETag, from an endpoint that answers anything, is not S3 and not ready: the archive would not trust its writes.
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
                if (string.IsNullOrEmpty(response.ETag))
                {
                    // An object S3 holds has an ETag: this 200 is from an endpoint that is not S3.
                    throw new DependencyUnavailableException(
                        _aws.Dependency, $"Reading {ProbeKey} was answered without an object: the endpoint is not S3.", AwsFailure.DefaultRetryAfter);
                }
            }
            catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound && exception.ErrorCode != "NoSuchBucket")
            {
                // NoSuchKey: the bucket is there and readable.
            }

            return true;
        }, cancellationToken));
}

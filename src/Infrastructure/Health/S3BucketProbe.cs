using System.Net;
using Amazon.S3;
using EmailPipeline.Domain.Emails;
using EmailPipeline.Infrastructure.Archive;
using EmailPipeline.Infrastructure.Aws;
using Microsoft.Extensions.Options;

namespace EmailPipeline.Infrastructure.Health;

/// <summary>
/// The bucket exists and objects under <c>emails/</c> can be read, shown by reading a key that is never written:
/// S3 answers NoSuchKey when all is well, NoSuchBucket or AccessDenied when not. (Without s3:ListBucket on the
/// prefix, S3 answers AccessDenied for a missing key too; the Terraform grants it.)
/// </summary>
internal sealed class S3BucketProbe(IAmazonS3 s3, IOptions<ArchiveOptions> options, TimeProvider clock) : IDependencyProbe
{
    private const string ProbeKey = ArchiveKey.Prefix + ".probe";

    public string Name => "s3";

    public async Task ProbeAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Value.CallTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            using var response = await s3.GetObjectAsync(options.Value.BucketName, ProbeKey, linked.Token);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound && exception.ErrorCode != "NoSuchBucket")
        {
            // NoSuchKey: the bucket is there and readable.
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested &&
            AwsErrors.Translate(Name, $"Reading bucket {options.Value.BucketName}", exception, timeout.IsCancellationRequested) is { } translated)
        {
            throw translated;
        }
    }
}

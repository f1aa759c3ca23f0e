using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Amazon.S3;
using Amazon.S3.Model;
using EmailPipeline.Application.Abstractions;

namespace EmailPipeline.Infrastructure.S3;

/// <summary>
/// Write-once archive on S3: every write is conditional (<c>If-None-Match: *</c>), so an existing object is never
/// replaced; when the key is taken, the existing object is read and compared byte for byte.
/// </summary>
internal sealed class S3ArchiveStore(IAmazonS3 s3, IOptions<ArchiveOptions> options, TimeProvider clock) : IArchiveStore
{
    // Under the reference service's names.
    private static readonly Counter UploadsSucceeded = Prometheus.Metrics.CreateCounter("s3_uploads_success_total", "Objects written to S3.");
    private static readonly Counter UploadsFailed = Prometheus.Metrics.CreateCounter("s3_uploads_failed_total", "Writes to S3 that failed.");

    private static readonly Histogram Duration = Prometheus.Metrics.CreateHistogram(
        "s3_archive_duration_seconds",
        "Time to archive one email: the conditional write, and the comparison read when the key was taken.",
        new HistogramConfiguration { Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    private static readonly Counter Duplicates = Prometheus.Metrics.CreateCounter(
        "s3_archive_duplicates_total", "Emails found already archived with the same content (redeliveries): nothing written.");

    private static readonly Counter Collisions = Prometheus.Metrics.CreateCounter(
        "s3_archive_collisions_total", "Keys found holding another email from the same sender and second; the email went under its content hash.");

    /// <summary>Metadata keys (S3 adds the <c>x-amz-meta-</c> prefix).</summary>
    public const string MessageIdMetadata = "sqs-message-id";

    public const string ReceivedAtMetadata = "received-at";

    /// <summary>S3 answers 409 when two conditional writes to one key race; the loser may simply try again.</summary>
    private const int ConflictRetries = 3;

    private readonly ArchiveOptions _options = options.Value;
    private readonly AwsCall _aws = new(Dependencies.S3, clock);

    public async ValueTask<PutIfAbsentOutcome> PutIfAbsentAsync(ArchiveEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var started = clock.GetTimestamp();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                switch (await PutAsync(entry, cancellationToken))
                {
                    case HttpStatusCode.OK:
                        UploadsSucceeded.Inc();
                        return PutIfAbsentOutcome.Created;
                    case HttpStatusCode.PreconditionFailed:
                        return await CompareAsync(entry, cancellationToken);
                    case HttpStatusCode.Conflict when attempt == ConflictRetries:
                        throw new DependencyUnavailableException(
                            _aws.Dependency, $"Writes to {entry.Key} kept conflicting.", AwsFailure.DefaultRetryAfter);
                }

                // ConditionalRequestConflict: another write to this key is in progress. Try again; it will then
                // either succeed or meet the finished object.
            }
        }
        finally
        {
            Duration.Observe(clock.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>
    /// Writes the object unless the key is taken: OK (S3 answered with the stored object's ETag), or PreconditionFailed
    /// (the key holds an object), or Conflict (another conditional write to the key is in progress).
    /// </summary>
    private async Task<HttpStatusCode> PutAsync(ArchiveEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            return await _aws.RunAsync("PutObject", _options.CallTimeout, async token =>
            {
                try
                {
                    var response = await s3.PutObjectAsync(PutRequest(entry), token);
                    if (string.IsNullOrEmpty(response.ETag))
                    {
                        // S3 gives every object it stores an ETag. An answer without one (an endpoint that is not S3,
                        // a proxy's page) does not say the email is stored, so its message must not be deleted.
                        throw new DependencyUnavailableException(
                            _aws.Dependency, $"PutObject of {entry.Key} was answered without an ETag: the object is not known to be stored.", AwsFailure.DefaultRetryAfter);
                    }

                    return HttpStatusCode.OK;
                }
                catch (AmazonS3Exception exception) when (exception.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
                {
                    return exception.StatusCode;
                }
            }, cancellationToken);
        }
        catch (Exception exception) when (exception is DependencyUnavailableException or DependencyMisconfiguredException)
        {
            UploadsFailed.Inc();
            throw;
        }
    }

    private PutObjectRequest PutRequest(ArchiveEntry entry)
    {
        var request = new PutObjectRequest
        {
            BucketName = _options.BucketName,
            Key = entry.Key.Value,
            InputStream = AsStream(entry.Body),
            ContentType = "application/json",
            IfNoneMatch = "*",
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.FindValue(_options.ServerSideEncryption),
        };
        if (!string.IsNullOrEmpty(_options.KmsKeyId))
        {
            request.ServerSideEncryptionKeyManagementServiceKeyId = _options.KmsKeyId;
        }

        request.Metadata[MessageIdMetadata] = entry.Metadata.MessageId;
        request.Metadata[ReceivedAtMetadata] = entry.Metadata.ReceivedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);
        return request;
    }

    private async Task<PutIfAbsentOutcome> CompareAsync(ArchiveEntry entry, CancellationToken cancellationToken)
    {
        var existing = await _aws.RunAsync("GetObject", _options.CallTimeout, async token =>
        {
            using var response = await s3.GetObjectAsync(_options.BucketName, entry.Key.Value, token);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, token);
            return buffer.ToArray();
        }, cancellationToken);

        if (entry.Body.Span.SequenceEqual(existing))
        {
            Duplicates.Inc();
            return PutIfAbsentOutcome.SameContentExists;
        }

        Collisions.Inc();
        return PutIfAbsentOutcome.OtherContentExists;
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> body) =>
        MemoryMarshal.TryGetArray(body, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);
}

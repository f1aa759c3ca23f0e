using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using Amazon.S3;
using Amazon.S3.Model;
using EmailPipeline.Application.Abstractions;
using EmailPipeline.Infrastructure.Aws;
using EmailPipeline.Infrastructure.Observability;
using Microsoft.Extensions.Options;

namespace EmailPipeline.Infrastructure.Archive;

/// <summary>
/// Write-once archive on S3: every write is conditional (<c>If-None-Match: *</c>), so an existing object is never
/// replaced; when the key is taken, the existing object is read and compared byte for byte.
/// </summary>
internal sealed class S3ArchiveStore(IAmazonS3 s3, IOptions<ArchiveOptions> options, TimeProvider clock) : IArchiveStore
{
    private const string Dependency = "s3";

    /// <summary>Metadata keys (S3 adds the <c>x-amz-meta-</c> prefix).</summary>
    public const string MessageIdMetadata = "sqs-message-id";

    public const string ReceivedAtMetadata = "received-at";

    /// <summary>S3 answers 409 when two conditional writes to one key race; the loser may simply try again.</summary>
    private const int ConflictRetries = 3;

    private readonly ArchiveOptions _options = options.Value;

    public async ValueTask<PutIfAbsentOutcome> PutIfAbsentAsync(ArchiveEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var started = clock.GetTimestamp();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await CallAsync("PutObject", token => s3.PutObjectAsync(PutRequest(entry), token), cancellationToken);
                    ArchiveMetrics.UploadsSucceeded.Inc();
                    return PutIfAbsentOutcome.Created;
                }
                catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.PreconditionFailed)
                {
                    return await CompareAsync(entry, cancellationToken);
                }
                catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.Conflict && attempt < ConflictRetries)
                {
                    // ConditionalRequestConflict: another write to this key is in progress. Try again; it will then
                    // either succeed or meet the finished object.
                }
            }
        }
        finally
        {
            ArchiveMetrics.Duration.Observe(clock.GetElapsedTime(started).TotalSeconds);
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
        var existing = await CallAsync("GetObject", async token =>
        {
            using var response = await s3.GetObjectAsync(_options.BucketName, entry.Key.Value, token);
            using var buffer = new MemoryStream();
            await response.ResponseStream.CopyToAsync(buffer, token);
            return buffer.ToArray();
        }, cancellationToken);

        if (entry.Body.Span.SequenceEqual(existing))
        {
            ArchiveMetrics.Duplicates.Inc();
            return PutIfAbsentOutcome.SameContentExists;
        }

        ArchiveMetrics.Collisions.Inc();
        return PutIfAbsentOutcome.OtherContentExists;
    }

    private async Task<T> CallAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.CallTimeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            return await call(linked.Token);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode is HttpStatusCode.PreconditionFailed or HttpStatusCode.Conflict)
        {
            throw; // answered by PutIfAbsentAsync
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested &&
            AwsErrors.Translate(Dependency, operation, exception, timeout.IsCancellationRequested) is { } translated)
        {
            if (operation == "PutObject")
            {
                ArchiveMetrics.UploadsFailed.Inc();
            }

            throw translated;
        }
    }

    private static MemoryStream AsStream(ReadOnlyMemory<byte> body) =>
        MemoryMarshal.TryGetArray(body, out var segment)
            ? new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(body.ToArray(), writable: false);
}

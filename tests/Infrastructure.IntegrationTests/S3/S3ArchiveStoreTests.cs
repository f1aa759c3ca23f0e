using System.Text;
using Amazon.S3;
using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Domain.Emails;
using EmailPipeline.Infrastructure.S3;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.Options;

namespace EmailPipeline.Infrastructure.IntegrationTests.S3;

public sealed class S3ArchiveStoreTests(MotoServer moto) : IDisposable
{
    private static readonly Email Sample = Email.Create("Happy new year!", "John doe", "1693561101", "Just want to say...");
    private static readonly ArchiveMetadata Metadata = new("message-1", new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));

    private readonly AwsResources _aws = new(moto);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task PutIfAbsent_AFreeKey_WritesTheObject_AsEncryptedJson_WithItsMetadata()
    {
        var bucket = await _aws.CreateBucketAsync();
        var entry = Entry("""{"a":1}""");

        var outcome = await Store(bucket).PutIfAbsentAsync(entry, Ct);

        Assert.Equal(PutIfAbsentOutcome.Created, outcome);
        using var stored = await _aws.S3.GetObjectAsync(bucket, entry.Key.Value, Ct);
        Assert.Equal("""{"a":1}""", await new StreamReader(stored.ResponseStream).ReadToEndAsync(Ct));
        Assert.Equal("application/json", stored.Headers.ContentType);
        Assert.Equal(ServerSideEncryptionMethod.AES256, stored.ServerSideEncryptionMethod);
        Assert.Equal("message-1", stored.Metadata["sqs-message-id"]);
        Assert.Equal("2026-11-24T10:00:00.0000000Z", stored.Metadata["received-at"]);
    }

    [Fact]
    public async Task PutIfAbsent_TheSameBytesAgain_IsRecognised_AndWritesNothing()
    {
        var bucket = await _aws.CreateBucketAsync();
        await Store(bucket).PutIfAbsentAsync(Entry("""{"a":1}"""), Ct);
        var before = await _aws.S3.GetObjectMetadataAsync(bucket, Entry("{}").Key.Value, Ct);

        var outcome = await Store(bucket).PutIfAbsentAsync(Entry("""{"a":1}""", messageId: "message-2"), Ct);

        Assert.Equal(PutIfAbsentOutcome.SameContentExists, outcome);
        var after = await _aws.S3.GetObjectMetadataAsync(bucket, Entry("{}").Key.Value, Ct);
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal("message-1", after.Metadata["sqs-message-id"]);
    }

    [Fact]
    public async Task PutIfAbsent_OtherBytesAtTheKey_AreNeverOverwritten()
    {
        var bucket = await _aws.CreateBucketAsync();
        await Store(bucket).PutIfAbsentAsync(Entry("""{"a":1}"""), Ct);

        var outcome = await Store(bucket).PutIfAbsentAsync(Entry("""{"a":2}"""), Ct);

        Assert.Equal(PutIfAbsentOutcome.OtherContentExists, outcome);
        Assert.Equal("""{"a":1}""", await _aws.ReadObjectAsync(bucket, Entry("{}").Key.Value));
    }

    [Fact]
    public async Task PutIfAbsent_WithKms_AsksForKmsEncryption()
    {
        var bucket = await _aws.CreateBucketAsync();
        var store = Store(bucket, new ArchiveOptions { ServerSideEncryption = "aws:kms" });

        await store.PutIfAbsentAsync(Entry("{}"), Ct);

        var stored = await _aws.S3.GetObjectMetadataAsync(bucket, Entry("{}").Key.Value, Ct);
        Assert.Equal(ServerSideEncryptionMethod.AWSKMS, stored.ServerSideEncryptionMethod);
    }

    [Fact]
    public async Task PutIfAbsent_WhenTheBucketDoesNotExist_IsAMisconfiguration()
    {
        var exception = await Assert.ThrowsAsync<DependencyMisconfiguredException>(
            () => Store("no-such-bucket-" + Guid.NewGuid().ToString("N")[..8]).PutIfAbsentAsync(Entry("{}"), Ct).AsTask());

        Assert.Equal("s3", exception.Dependency);
        Assert.Contains("NoSuchBucket", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PutIfAbsent_WhenS3IsUnreachable_IsUnavailable()
    {
        using var dead = new DeadEndpoint();
        using var s3 = AwsEndpoints.CreateS3ClientWithoutRetries(dead.Url);
        var store = new S3ArchiveStore(s3, Options.Create(new ArchiveOptions { BucketName = "archive" }), TimeProvider.System);

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => store.PutIfAbsentAsync(Entry("{}"), Ct).AsTask());
    }

    [Fact]
    public async Task PutIfAbsent_AnsweredWithoutAnETag_IsUnavailable_NotStored()
    {
        // An endpoint that answers every request 200 with an empty body: S3's answer to a write always carries the
        // object's ETag, so this one proves nothing was stored, and the email's message must stay in the queue.
        using var notS3 = StubEndpoint.Answering(200, string.Empty, "text/html");
        using var s3 = AwsEndpoints.CreateS3ClientWithoutRetries(notS3.Url.ToString());
        var store = new S3ArchiveStore(s3, Options.Create(new ArchiveOptions { BucketName = "archive" }), TimeProvider.System);

        var exception = await Assert.ThrowsAsync<DependencyUnavailableException>(() => store.PutIfAbsentAsync(Entry("{}"), Ct).AsTask());

        Assert.Contains("without an ETag", exception.Message, StringComparison.Ordinal);
        Assert.Equal(1, notS3.Requests);
    }

    public void Dispose() => _aws.Dispose();

    private S3ArchiveStore Store(string bucket, ArchiveOptions? options = null)
    {
        options ??= new ArchiveOptions();
        options.BucketName = bucket;
        return new S3ArchiveStore(_aws.S3, Options.Create(options), TimeProvider.System);
    }

    private static ArchiveEntry Entry(string body, string messageId = "message-1") =>
        new(ArchiveKey.For(Sample), Encoding.UTF8.GetBytes(body), Metadata with { MessageId = messageId });
}

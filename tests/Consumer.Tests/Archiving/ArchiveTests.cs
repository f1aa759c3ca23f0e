using Amazon.S3;
using Amazon.SQS.Model;
using EmailPipeline.Application.Abstractions;
using EmailPipeline.Infrastructure.Sqs.Polling;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.DependencyInjection;

namespace EmailPipeline.Consumer.Tests.Archiving;

/// <summary>The archive path against moto: every message in the queue becomes exactly one object in S3.</summary>
public sealed class ArchiveTests(MotoServer moto) : IDisposable
{
    private const string SampleBody =
        """{"email_subject":"Happy new year!","email_sender":"John doe","email_timestream":"1693561101","email_content":"Just want to say... Happy new year!!!"}""";

    private const string SampleKey = "emails/2023/09/01/email-1693561101-b77868f401668b84.json";

    private readonly AwsResources _aws = new(moto);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheSample_IsArchivedAtItsKey_WithTheExactBody_AndDeleted()
    {
        var (queue, bucket) = await SetUpAsync();
        await SendAsync(queue.Url, SampleBody);

        await using var consumer = ConsumerHarness.Start(moto, queue.Url, bucket);
        await consumer.ArchivedAsync(1);
        await consumer.StopAsync();

        var archived = Assert.Single(await _aws.ListObjectsAsync(bucket));
        Assert.Equal(SampleKey, archived.Key);
        Assert.Equal(SampleBody, await _aws.ReadObjectAsync(bucket, SampleKey));
        Assert.Equal(0, await _aws.CountMessagesAsync(queue.Url));
    }

    [Fact]
    public async Task ARedeliveredMessage_GivesOneObject()
    {
        var (queue, bucket) = await SetUpAsync();
        await SendAsync(queue.Url, SampleBody);
        await SendAsync(queue.Url, SampleBody);

        await using var consumer = ConsumerHarness.Start(moto, queue.Url, bucket);
        await consumer.ArchivedAsync(2);
        await consumer.StopAsync();

        Assert.Single(await _aws.ListObjectsAsync(bucket));
        Assert.Equal(0, await _aws.CountMessagesAsync(queue.Url));
        Assert.Contains(consumer.Logs.Entries, e => e.EventId.Name == ConsumerHarness.ArchivedEvent && e["Outcome"] == "AlreadyStored");
    }

    [Fact]
    public async Task TwoEmailsFromOneSenderInOneSecond_GiveTwoObjects()
    {
        var (queue, bucket) = await SetUpAsync();
        var other = SampleBody.Replace("Happy new year!!!", "And a happy birthday!", StringComparison.Ordinal);
        await SendAsync(queue.Url, SampleBody);
        await SendAsync(queue.Url, other);

        await using var consumer = ConsumerHarness.Start(moto, queue.Url, bucket);
        await consumer.ArchivedAsync(2);
        await consumer.StopAsync();

        var keys = (await _aws.ListObjectsAsync(bucket)).Select(o => o.Key).Order().ToList();
        Assert.Equal(2, keys.Count);
        Assert.Contains(SampleKey, keys);
        var hashed = Assert.Single(keys, k => k != SampleKey);
        Assert.Matches("^emails/2023/09/01/email-1693561101-b77868f401668b84-[0-9a-f]{16}\\.json$", hashed);
        Assert.Equal(
            new[] { SampleBody, other }.Order(),
            (await Task.WhenAll(keys.Select(k => _aws.ReadObjectAsync(bucket, k)))).Order());
    }

    [Fact]
    public async Task AMessageFromTheReferenceService_WithTheTimestampAlias_IsArchivedInCanonicalForm()
    {
        var (queue, bucket) = await SetUpAsync();
        await SendAsync(queue.Url, SampleBody.Replace("email_timestream", "email_timestamp", StringComparison.Ordinal));

        await using var consumer = ConsumerHarness.Start(moto, queue.Url, bucket);
        await consumer.ArchivedAsync(1);
        await consumer.StopAsync();

        Assert.Equal(SampleBody, await _aws.ReadObjectAsync(bucket, SampleKey));
    }

    [Fact]
    public async Task APoisonMessage_ReachesTheDeadLetterQueue_WhileGoodMessagesKeepFlowing()
    {
        var queue = await _aws.CreateQueueAsync(visibilityTimeoutSeconds: 1, maxReceiveCount: 2);
        var bucket = await _aws.CreateBucketAsync();
        await SendAsync(queue.Url, "this is not an email");
        await SendAsync(queue.Url, """{"email_subject":"","email_sender":"x","email_timestream":"1","email_content":"y"}""");
        for (var i = 0; i < 5; i++)
        {
            await SendAsync(queue.Url, SampleBody.Replace("year!!!", $"year {i}", StringComparison.Ordinal));
        }

        await using var consumer = ConsumerHarness.Start(moto, queue.Url, bucket, new Dictionary<string, string?> { ["Consumer:WaitTime"] = "00:00:01" });
        await consumer.ArchivedAsync(5);
        var deadLetters = await _aws.DrainQueueAsync(queue.DeadLetterUrl!, 2, TimeSpan.FromSeconds(30));
        await consumer.StopAsync();

        Assert.Equal(5, (await _aws.ListObjectsAsync(bucket)).Count);
        Assert.Equal(
            new[] { "this is not an email", """{"email_subject":"","email_sender":"x","email_timestream":"1","email_content":"y"}""" }.Order(),
            deadLetters.Select(m => m.Body).Order());
        Assert.Equal(0, await _aws.CountMessagesAsync(queue.Url));
        Assert.Contains(consumer.Logs.Entries, e => e.EventId.Name == SettledEvents.Poison && e["Reason"] == PoisonReasons.Unparseable);
        Assert.Contains(consumer.Logs.Entries, e => e.EventId.Name == SettledEvents.Poison && e["Reason"] == PoisonReasons.Invalid);
        Assert.DoesNotContain(consumer.Logs.Entries, e => e.Message.Contains("this is not an email", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMessageWhoseWriteFails_IsNotDeleted()
    {
        var (queue, bucket) = await SetUpAsync();
        await SendAsync(queue.Url, SampleBody);
        using var dead = new DeadEndpoint();
        using var unreachable = AwsEndpoints.CreateS3ClientWithoutRetries(dead.Url);

        await using var consumer = ConsumerHarness.Start(moto, queue.Url, bucket, configure: s => s.AddSingleton<IAmazonS3>(unreachable));
        await consumer.Logs.WaitForAsync(
            e => e.EventId.Name == SettledEvents.Retry && e["Reason"] == RetryReasons.Unavailable("s3"), TimeSpan.FromSeconds(30));
        await consumer.StopAsync();

        Assert.Equal(1, await _aws.CountMessagesAsync(queue.Url));
        Assert.Empty(await _aws.ListObjectsAsync(bucket));
    }

    [Fact]
    public async Task Sigterm_WithMessagesInFlight_LosesNone_AndDuplicatesNone()
    {
        var (queue, bucket) = await SetUpAsync();
        var bodies = Enumerable.Range(0, 6).Select(i => SampleBody.Replace("year!!!", $"year {i}", StringComparison.Ordinal)).ToList();
        foreach (var body in bodies)
        {
            await SendAsync(queue.Url, body);
        }

        var gate = new GatedArchiveStore();
        await using (var first = ConsumerHarness.Start(moto, queue.Url, bucket, new Dictionary<string, string?> { ["Consumer:MaxConcurrency"] = "2" },
            services => services.AddSingleton<IArchiveStore>(provider =>
            {
                gate.Inner = ActivatorUtilities.CreateInstance<Infrastructure.S3.S3ArchiveStore>(provider);
                return gate;
            })))
        {
            // Two messages are in flight, held at the S3 write, when SIGTERM arrives.
            using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await gate.Waiting.Reader.ReadAsync(guard.Token);
            await gate.Waiting.Reader.ReadAsync(guard.Token);
            var stopping = first.StopAsync();
            gate.Open();
            await stopping;
            await first.ArchivedAsync(2);
        }

        Assert.Equal(2, (await _aws.ListObjectsAsync(bucket)).Count);
        Assert.Equal(4, await _aws.CountMessagesAsync(queue.Url));

        await using (var second = ConsumerHarness.Start(moto, queue.Url, bucket))
        {
            await second.ArchivedAsync(4);
            await second.StopAsync();
        }

        var objects = await _aws.ListObjectsAsync(bucket);
        Assert.Equal(6, objects.Count);
        Assert.Equal(bodies.Order(), (await Task.WhenAll(objects.Select(o => _aws.ReadObjectAsync(bucket, o.Key)))).Order());
        Assert.Equal(0, await _aws.CountMessagesAsync(queue.Url));
    }

    public void Dispose() => _aws.Dispose();

    private async Task<(TestQueue Queue, string Bucket)> SetUpAsync() =>
        (await _aws.CreateQueueAsync(maxReceiveCount: 5), await _aws.CreateBucketAsync());

    private Task SendAsync(string queueUrl, string body) =>
        _aws.Sqs.SendMessageAsync(new SendMessageRequest { QueueUrl = queueUrl, MessageBody = body }, Ct);
}

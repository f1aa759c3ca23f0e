using System.Net;
using System.Net.Sockets;
using Amazon.SQS;
using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Application.Emails;
using EmailPipeline.Domain.Emails;
using EmailPipeline.Infrastructure.Sqs;
using EmailPipeline.Infrastructure.Sqs.Publishing;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailPipeline.Infrastructure.IntegrationTests.Sqs.Publishing;

public sealed class SqsEmailPublisherTests(MotoServer moto) : IDisposable
{
    private static readonly Email Sample = Email.Create(
        "Happy new year!", "John doe", "1693561101", "Just want to say... Happy new year!!!");

    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private readonly AwsResources _aws = new(moto);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Publish_TheSample_PutsExactlyTheFourCanonicalFieldsInTheQueue()
    {
        var queue = await _aws.CreateQueueAsync();
        await using var publisher = Publisher(queue.Url);

        var messageId = await publisher.PublishAsync(new OutgoingEmail(Sample, ReceivedAt), Ct);

        var message = Assert.Single(await _aws.DrainQueueAsync(queue.Url, 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(messageId, message.MessageId);
        Assert.Equal(
            """{"email_subject":"Happy new year!","email_sender":"John doe","email_timestream":"1693561101","email_content":"Just want to say... Happy new year!!!"}""",
            message.Body);
        Assert.Equal("2026-11-24T10:00:00.0000000Z", message.MessageAttributes["received_at"].StringValue);
        Assert.Equal("1", message.MessageAttributes["schema_version"].StringValue);
    }

    [Fact]
    public async Task Publish_ConcurrentEmails_AreBatched_AndEachCallerGetsItsOwnMessageId()
    {
        var queue = await _aws.CreateQueueAsync();
        using var sqs = moto.CreateSqsClient();
        var requests = 0;
        sqs.BeforeRequestEvent += (_, _) => Interlocked.Increment(ref requests);
        await using var publisher = Publisher(queue.Url, sqs, new PublisherOptions { MaxConcurrentBatches = 1 });

        var emails = Enumerable.Range(0, 25).Select(i => Email.Create($"Subject {i}", "John doe", "1693561101", $"Content {i}")).ToList();
        var ids = await Task.WhenAll(emails.Select(e => publisher.PublishAsync(new OutgoingEmail(e, ReceivedAt), Ct).AsTask()));

        Assert.Equal(25, ids.Distinct().Count());
        Assert.InRange(requests, 3, 24); // at least ceil(25 / 10) batches, and fewer than one request per email
        var messages = await _aws.DrainQueueAsync(queue.Url, 25, TimeSpan.FromSeconds(20));
        Assert.Equal(ids.Order(), messages.Select(m => m.MessageId).Order());
        foreach (var (email, id) in emails.Zip(ids))
        {
            Assert.Contains($"\"email_content\":\"{email.Content}\"", messages.Single(m => m.MessageId == id).Body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Publish_WhenTheQueueDoesNotExist_IsAMisconfiguration()
    {
        await using var publisher = Publisher(new Uri(moto.Endpoint, "/123456789012/no-such-queue").ToString());

        var exception = await Assert.ThrowsAsync<DependencyMisconfiguredException>(
            () => publisher.PublishAsync(new OutgoingEmail(Sample, ReceivedAt), Ct).AsTask());

        Assert.Equal("sqs", exception.Dependency);
    }

    [Fact]
    public async Task Publish_WhenSqsIsUnreachable_IsUnavailable()
    {
        using var dead = new DeadEndpoint();
        using var sqs = new AmazonSQSClient(MotoServer.Credentials, new AmazonSQSConfig { ServiceURL = dead.Url, MaxErrorRetry = 0 });
        await using var publisher = Publisher($"{dead.Url}/123456789012/emails", sqs);

        var exception = await Assert.ThrowsAsync<DependencyUnavailableException>(
            () => publisher.PublishAsync(new OutgoingEmail(Sample, ReceivedAt), Ct).AsTask());

        Assert.True(exception.RetryAfter > TimeSpan.Zero);
    }

    [Fact]
    public async Task Publish_WhenSqsDoesNotAnswer_GivesUpAfterTheTimeout_AndAFullBacklogRefusesAtOnce()
    {
        // A listener that accepts connections and never answers: the worst kind of outage.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var endpoint = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        using var sqs = new AmazonSQSClient(MotoServer.Credentials, new AmazonSQSConfig { ServiceURL = endpoint, MaxErrorRetry = 0 });
        var answering = await _aws.CreateQueueAsync();
        await using var publisher = Publisher($"{endpoint}/123456789012/emails", sqs, new PublisherOptions
        {
            MaxConcurrentBatches = 1,
            MaxBatchSize = 1,
            BacklogCapacity = 1,
            // Long enough that the backlog is still full when the third email comes, however slow the machine.
            Timeout = TimeSpan.FromSeconds(5),
        }, limitFrom: answering.Url);

        var inFlight = publisher.PublishAsync(new OutgoingEmail(Sample, ReceivedAt), Ct).AsTask();
        using var connection = await silent.AcceptTcpClientAsync(Ct); // the first batch is now in flight, unanswered
        var waiting = publisher.PublishAsync(new OutgoingEmail(Sample, ReceivedAt), Ct).AsTask();

        var refused = await Assert.ThrowsAsync<DependencyUnavailableException>(
            () => publisher.PublishAsync(new OutgoingEmail(Sample, ReceivedAt), Ct).AsTask());
        Assert.Contains("waiting", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => inFlight);
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => waiting);
    }

    [Fact]
    public async Task Publish_WhenTheAnswerNamesNoResultForTheEmail_IsUnavailable_NotAFailureOfTheApi()
    {
        // 200 with an empty JSON object: neither Successful nor Failed names the email, so it is not known to be queued.
        using var empty = StubEndpoint.Answering(200, "{}");
        using var sqs = new AmazonSQSClient(MotoServer.Credentials, new AmazonSQSConfig { ServiceURL = empty.Url.ToString(), MaxErrorRetry = 0 });
        var answering = await _aws.CreateQueueAsync();
        await using var publisher = Publisher($"{empty.Url}123456789012/emails", sqs, limitFrom: answering.Url);

        var exception = await Assert.ThrowsAsync<DependencyUnavailableException>(
            () => publisher.PublishAsync(new OutgoingEmail(Sample, ReceivedAt), Ct).AsTask());

        Assert.Contains("no result", exception.Message, StringComparison.Ordinal);
        Assert.True(exception.RetryAfter > TimeSpan.Zero);
    }

    [Fact]
    public async Task ABatch_SendsOnlyTheEmailsStillWaitedFor()
    {
        var queue = await _aws.CreateQueueAsync();
        var limit = new QueueMessageLimit(
            new SqsQueueClient(_aws.Sqs, Options.Create(new QueueOptions { QueueUrl = queue.Url }), TimeProvider.System),
            TimeProvider.System, NullLogger<QueueMessageLimit>.Instance);
        var sender = new SqsBatchSender(_aws.Sqs, queue.Url, limit, TimeSpan.FromSeconds(10), TimeProvider.System, NullLogger.Instance);
        var givenUp = new BatchEntry<EmailMessage, string>(EmailMessage.From(new OutgoingEmail(Sample, ReceivedAt), activity: null));
        var waited = new BatchEntry<EmailMessage, string>(EmailMessage.From(new OutgoingEmail(Sample, ReceivedAt.AddSeconds(1)), activity: null));
        // Its caller's wait ran out before the batch went, and its client was told to try again.
        givenUp.Fail(new TimeoutException("the caller stopped waiting"));

        await sender.SendAsync([givenUp, waited]);

        var message = Assert.Single(await _aws.DrainQueueAsync(queue.Url, 1, TimeSpan.FromSeconds(10)));
        Assert.Equal(await waited.Completion, message.MessageId);
        Assert.Equal("2026-11-24T10:00:01.0000000Z", message.MessageAttributes["received_at"].StringValue);
        Assert.Equal((Visible: 0, InFlight: 1), await _aws.CountMessagesByStateAsync(queue.Url)); // the one received, and no other
    }

    [Fact]
    public async Task Publish_AnEmailLargerThanTheQueueTakes_IsRefusedBeforeSending_ByTheQueuesOwnLimit()
    {
        var queue = await _aws.CreateQueueAsync(maximumMessageSize: 1024);
        await using var publisher = Publisher(queue.Url);
        var large = Email.Create("s", "x", "1", new string('c', 1000));

        var exception = await Assert.ThrowsAsync<PayloadTooLargeException>(
            () => publisher.PublishAsync(new OutgoingEmail(large, ReceivedAt), Ct).AsTask());

        Assert.Equal(1024, exception.Limit);
        // The exact size SQS counts: the body's bytes, and each attribute's name, type and value.
        Assert.Equal(EmailJson.Serialize(large).Length + "received_at".Length + "String".Length + "2026-11-24T10:00:00.0000000Z".Length
            + "schema_version".Length + "String".Length + 1, exception.Size);
        Assert.Equal(0, await _aws.CountMessagesAsync(queue.Url));
    }

    [Fact]
    public async Task Publish_AnEmailThatJustFits_IsQueued()
    {
        var queue = await _aws.CreateQueueAsync(maximumMessageSize: 1024);
        await using var publisher = Publisher(queue.Url);
        var attributes = "received_at".Length + "String".Length + "2026-11-24T10:00:00.0000000Z".Length + "schema_version".Length + "String".Length + 1;
        var empty = EmailJson.Serialize(Email.Create("s", "x", "1", "c")).Length - 1;
        var fits = Email.Create("s", "x", "1", new string('c', 1024 - attributes - empty));

        await publisher.PublishAsync(new OutgoingEmail(fits, ReceivedAt), Ct);

        Assert.Equal(1, await _aws.CountMessagesAsync(queue.Url));
    }

    [Fact]
    public async Task Publish_WhenSqsRefusesAWholeBatchForOneEmail_TheBatchIsSplit_AndOnlyThatEmailFails()
    {
        // The limit the Api read (1 MiB) is stale: the queue now takes 1 KiB, and moto refuses a batch holding a larger message.
        var queue = await _aws.CreateQueueAsync();
        await using var publisher = Publisher(queue.Url, options: new PublisherOptions { MaxConcurrentBatches = 1, Linger = TimeSpan.FromMilliseconds(300) });
        await publisher.PublishAsync(new OutgoingEmail(Sample, ReceivedAt), Ct);
        await _aws.Sqs.SetQueueAttributesAsync(queue.Url, new Dictionary<string, string> { ["MaximumMessageSize"] = "1024" }, Ct);
        var emails = Enumerable.Range(0, 10).Select(i => Email.Create($"Subject {i}", "John doe", "1693561101", i == 4 ? new string('c', 2000) : $"Content {i}"));

        var results = await PublisherCalls.PublishEachAsync(publisher, emails, ReceivedAt, Ct);

        Assert.All(results.Where((_, i) => i != 4), r => Assert.IsType<string>(r));
        Assert.Equal(1024, Assert.IsType<PayloadTooLargeException>(results[4]).Limit);
        Assert.Equal(10, await _aws.CountMessagesAsync(queue.Url));
    }

    [Fact]
    public async Task PublishAll_25Emails_GoInThreeFullBatches_AndEachEmailGetsItsOwnMessageId_InOrder()
    {
        var queue = await _aws.CreateQueueAsync();
        using var sqs = moto.CreateSqsClient();
        var batches = PublisherCalls.CountBatches(sqs);
        await using var publisher = Publisher(queue.Url, sqs);
        var emails = Enumerable.Range(0, 25).Select(i => new OutgoingEmail(Email.Create($"Subject {i}", "John doe", "1693561101", $"Content {i}"), ReceivedAt)).ToList();

        var outcomes = await publisher.PublishAllAsync(emails, Ct);

        Assert.Equal(3, batches());
        Assert.All(outcomes, o => Assert.Null(o.Failure));
        var messages = (await _aws.DrainQueueAsync(queue.Url, 25, TimeSpan.FromSeconds(20))).ToDictionary(m => m.MessageId, m => m.Body);
        Assert.Equal(25, messages.Count);
        for (var i = 0; i < 25; i++)
        {
            Assert.Contains($"\"email_content\":\"Content {i}\"", messages[outcomes[i].MessageId!], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task PublishAll_AnEmailLargerThanTheQueueTakes_IsRefusedAlone_AndTheOthersAreQueued()
    {
        var queue = await _aws.CreateQueueAsync(maximumMessageSize: 1024);
        await using var publisher = Publisher(queue.Url);
        var large = Email.Create("s", "x", "1", new string('c', 1000));

        var outcomes = await publisher.PublishAllAsync([new(Sample, ReceivedAt), new(large, ReceivedAt), new(Sample, ReceivedAt)], Ct);

        Assert.NotNull(outcomes[0].MessageId);
        Assert.Equal(1024, Assert.IsType<PayloadTooLargeException>(outcomes[1].Failure).Limit);
        Assert.NotNull(outcomes[2].MessageId);
        Assert.Equal(2, await _aws.CountMessagesAsync(queue.Url));
    }

    [Fact]
    public async Task PublishAll_EmailsThatTogetherExceedABatchsBytes_GoInSeveralBatches()
    {
        var queue = await _aws.CreateQueueAsync(maximumMessageSize: SqsLimits.MaxMessageBytes);
        using var sqs = moto.CreateSqsClient();
        var batches = PublisherCalls.CountBatches(sqs);
        await using var publisher = Publisher(queue.Url, sqs);
        // Four emails of 40% of a batch's bytes each: two per batch.
        var content = new string('c', SqsLimits.MaxBatchBytes * 2 / 5);
        var emails = Enumerable.Range(0, 4).Select(i => new OutgoingEmail(Email.Create($"Subject {i}", "x", "1", content), ReceivedAt)).ToList();

        var outcomes = await publisher.PublishAllAsync(emails, Ct);

        Assert.All(outcomes, o => Assert.NotNull(o.MessageId));
        Assert.Equal(2, batches());
    }

    [Fact]
    public async Task PublishAll_WhenSqsIsUnreachable_EveryEmailIsUnavailable()
    {
        using var dead = new DeadEndpoint();
        using var sqs = new AmazonSQSClient(MotoServer.Credentials, new AmazonSQSConfig { ServiceURL = dead.Url, MaxErrorRetry = 0 });
        await using var publisher = Publisher($"{dead.Url}/123456789012/emails", sqs);

        var outcomes = await publisher.PublishAllAsync([new(Sample, ReceivedAt), new(Sample, ReceivedAt)], Ct);

        Assert.All(outcomes, o => Assert.IsType<DependencyUnavailableException>(o.Failure));
    }

    public void Dispose() => _aws.Dispose();

    /// <param name="limitFrom">A queue on moto to read the size limit from, when the publisher's endpoint will not answer.</param>
    private SqsEmailPublisher Publisher(string queueUrl, IAmazonSQS? sqs = null, PublisherOptions? options = null, string? limitFrom = null)
    {
        var queue = Options.Create(new QueueOptions { QueueUrl = queueUrl });
        var limitClient = limitFrom is null
            ? new SqsQueueClient(sqs ?? _aws.Sqs, queue, TimeProvider.System)
            : new SqsQueueClient(_aws.Sqs, Options.Create(new QueueOptions { QueueUrl = limitFrom }), TimeProvider.System);
        return new SqsEmailPublisher(
            sqs ?? _aws.Sqs,
            queue,
            Options.Create(options ?? new PublisherOptions()),
            new QueueMessageLimit(limitClient, TimeProvider.System, NullLogger<QueueMessageLimit>.Instance),
            TimeProvider.System,
            NullLogger<SqsEmailPublisher>.Instance);
    }
}

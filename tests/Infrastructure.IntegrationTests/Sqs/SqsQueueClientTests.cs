using Amazon.SQS.Model;
using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Infrastructure.Sqs;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.Options;

namespace EmailPipeline.Infrastructure.IntegrationTests.Sqs;

public sealed class SqsQueueClientTests(MotoServer moto) : IDisposable
{
    private readonly AwsResources _aws = new(moto);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAttributes_ReportsTheVisibilityTimeout_AndTheDeadLetterQueue()
    {
        var queue = await _aws.CreateQueueAsync(visibilityTimeoutSeconds: 45, maxReceiveCount: 3);

        var attributes = await Client(queue.Url).GetAttributesAsync(Ct);

        Assert.Equal(TimeSpan.FromSeconds(45), attributes.VisibilityTimeout);
        var deadLetterUrl = queue.DeadLetterUrl!;
        Assert.Equal(deadLetterUrl[(deadLetterUrl.LastIndexOf('/') + 1)..], attributes.DeadLetterQueueName);
    }

    [Fact]
    public async Task CountDeadLetters_CountsWhatIsInTheDeadLetterQueue()
    {
        var queue = await _aws.CreateQueueAsync(maxReceiveCount: 3);
        await _aws.Sqs.SendMessageAsync(queue.DeadLetterUrl, "lost", Ct);
        await _aws.Sqs.SendMessageAsync(queue.DeadLetterUrl, "lost too", Ct);
        var client = Client(queue.Url);

        var count = await client.CountDeadLettersAsync((await client.GetAttributesAsync(Ct)).DeadLetterQueueName!, Ct);

        Assert.Equal(2, count);
    }

    [Fact]
    public async Task Receive_GivesBodyAttributesAndReceiveCount()
    {
        var queue = await _aws.CreateQueueAsync(visibilityTimeoutSeconds: 1);
        await _aws.Sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queue.Url,
            MessageBody = "body",
            MessageAttributes = new() { ["traceparent"] = new MessageAttributeValue { DataType = "String", StringValue = "00-abc-def-01" } },
        }, Ct);
        var client = Client(queue.Url);

        var message = Assert.Single(await client.ReceiveAsync(10, TimeSpan.FromSeconds(5), Ct));

        Assert.Equal("body", message.Body);
        Assert.Equal("00-abc-def-01", message.Attributes["traceparent"]);
        Assert.Equal(1, message.ReceiveCount);
        Assert.NotNull(message.SentAt);
    }

    [Fact]
    public async Task Receive_OfAMessageSentDuringTheLongPoll_SaysItWasReceivedAfterItWasSent_AndLeasedFromTheAsking()
    {
        var queue = await _aws.CreateQueueAsync();
        var asked = DateTimeOffset.UtcNow;
        var receive = Client(queue.Url).ReceiveAsync(10, TimeSpan.FromSeconds(10), Ct);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        var sent = DateTimeOffset.UtcNow;
        await _aws.Sqs.SendMessageAsync(queue.Url, "sent while the poll waited", Ct);

        var message = Assert.Single(await receive.WaitAsync(TimeSpan.FromSeconds(30), Ct));

        // The receive time (the archive's metadata) is the answer's, not the asking's; the lease, conservatively, the asking's.
        Assert.True(message.ReceivedAt >= sent, $"received at {message.ReceivedAt:O}, sent at {sent:O}");
        Assert.InRange(message.LeasedFrom, asked, sent);
    }

    [Fact]
    public async Task Receive_OnAnEmptyQueue_ReturnsNothing_AfterItsWait()
    {
        var queue = await _aws.CreateQueueAsync();

        Assert.Empty(await Client(queue.Url).ReceiveAsync(10, TimeSpan.FromSeconds(1), Ct));
    }

    [Fact]
    public async Task DeleteAndChangeVisibility_InBatches_TakeEffect()
    {
        var queue = await _aws.CreateQueueAsync(visibilityTimeoutSeconds: 60);
        for (var i = 0; i < 4; i++)
        {
            await _aws.Sqs.SendMessageAsync(queue.Url, $"m{i}", Ct);
        }

        var client = Client(queue.Url);
        var received = new List<ReceivedMessage>();
        while (received.Count < 4)
        {
            received.AddRange(await client.ReceiveAsync(10, TimeSpan.FromSeconds(1), Ct));
        }

        Assert.Empty(await client.DeleteAsync([.. received.Take(2).Select(m => m.ReceiptHandle)], Ct));
        Assert.Empty(await client.ChangeVisibilityAsync([.. received.Skip(2).Select(m => m.ReceiptHandle)], TimeSpan.Zero, Ct));

        // The two handed back are at once receivable again; the two deleted are gone.
        var again = new List<ReceivedMessage>();
        while (again.Count < 2)
        {
            again.AddRange(await client.ReceiveAsync(10, TimeSpan.FromSeconds(1), Ct));
        }

        Assert.Equal(received.Skip(2).Select(m => m.Body).Order(), again.Select(m => m.Body).Order());
    }

    [Fact]
    public async Task AMissingQueue_IsAMisconfiguration()
    {
        var client = Client(new Uri(moto.Endpoint, "/123456789012/missing").ToString());

        await Assert.ThrowsAsync<DependencyMisconfiguredException>(() => client.ReceiveAsync(1, TimeSpan.Zero, Ct));
        await Assert.ThrowsAsync<DependencyMisconfiguredException>(() => client.GetAttributesAsync(Ct));
    }

    public void Dispose() => _aws.Dispose();

    private SqsQueueClient Client(string queueUrl) =>
        new(_aws.Sqs, Options.Create(new QueueOptions { QueueUrl = queueUrl }), TimeProvider.System);
}

using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;
using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Infrastructure.Sqs;
using EmailPipeline.Infrastructure.Sqs.DeadLetters;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailPipeline.Infrastructure.IntegrationTests.Sqs.DeadLetters;

/// <summary>
/// The dead-letter queue read and moved back on moto, which has no message move tasks: every redrive here is the
/// receive–send–delete one, including when it is stopped, and when it dies between a send and its delete.
/// </summary>
public sealed class DeadLetterQueueTests(MotoServer moto) : IDisposable
{
    private readonly AwsResources _aws = new(moto);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Locate_FindsTheDeadLetterQueueByTheRedrivePolicy_OrTakesTheConfiguredOne()
    {
        var queue = await _aws.CreateQueueAsync(maxReceiveCount: 3);
        var other = await _aws.CreateQueueAsync();

        var byPolicy = await DeadLetters(queue.Url).LocateAsync(Ct);
        var configured = await DeadLetters(queue.Url, options: new DeadLetterOptions { QueueUrl = other.Url }).LocateAsync(Ct);

        Assert.Equal(new DeadLetterQueues(queue.Url, queue.DeadLetterUrl!, "the queue's redrive policy"), byPolicy);
        Assert.Equal(other.Url, configured.DeadLetterQueueUrl);
    }

    [Fact]
    public async Task Locate_AQueueWithoutDeadLetterQueue_IsAMisconfiguration_NamingTheSetting()
    {
        var queue = await _aws.CreateQueueAsync();

        var exception = await Assert.ThrowsAsync<DependencyMisconfiguredException>(() => DeadLetters(queue.Url).LocateAsync(Ct));

        Assert.Contains("DeadLetters__QueueUrl", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_GivesEachMessageOnce_AndPutsThemAllBack()
    {
        var (queues, sent) = await DeadLettersAsync(15);
        var deadLetters = DeadLetters(queues.QueueUrl);

        var read = await ReadAllAsync(deadLetters, queues, max: null);

        Assert.Equal(sent.Keys.Order(), read.Select(l => l.Message.MessageId).Order());
        Assert.Equal((15, 0), await _aws.CountMessagesByStateAsync(queues.DeadLetterQueueUrl));
    }

    [Fact]
    public async Task Read_WithMax_ReadsNoMore_AndLeftEarly_StillPutsBackWhatItHeld()
    {
        var (queues, _) = await DeadLettersAsync(15);
        var deadLetters = DeadLetters(queues.QueueUrl);

        Assert.Equal(4, (await ReadAllAsync(deadLetters, queues, max: 4)).Count);
        await foreach (var _ in deadLetters.ReadAsync(queues, max: null, Ct))
        {
            break; // a whole batch was received; one was given out
        }

        Assert.Equal((15, 0), await _aws.CountMessagesByStateAsync(queues.DeadLetterQueueUrl));
    }

    [Fact]
    public async Task Redrive_WithoutMoveTasks_MovesEveryMessageByHand_KeepingBodiesAndAttributes()
    {
        var (queues, sent) = await DeadLettersAsync(12);

        var result = await DeadLetters(queues.QueueUrl).RedriveAsync(queues, max: null, new Progress<string>(), Ct);

        Assert.Equal(new RedriveResult(RedriveMethod.ByHand, 12, 0, 0, Interrupted: false, Failure: null), result);
        var moved = await _aws.DrainQueueAsync(queues.QueueUrl, 12, TimeSpan.FromSeconds(30));
        Assert.Equal(sent.Keys.Order(), moved.Select(m => m.MessageAttributes[DeadLetterAttributes.OriginalMessageId].StringValue).Order());
        Assert.All(moved, m =>
        {
            Assert.Equal(sent[m.MessageAttributes[DeadLetterAttributes.OriginalMessageId].StringValue], m.Body);
            Assert.Equal("1", m.MessageAttributes["schema_version"].StringValue);
            Assert.Equal(("Number", "42"), (m.MessageAttributes["attempt"].DataType, m.MessageAttributes["attempt"].StringValue));
            Assert.Equal("raw", Encoding.UTF8.GetString(m.MessageAttributes["blob"].BinaryValue.ToArray()));
        });
        Assert.Equal(0, await _aws.CountMessagesAsync(queues.DeadLetterQueueUrl));
    }

    [Fact]
    public async Task Redrive_WithMax_MovesThatMany_AndLeavesTheRestUntouched()
    {
        var (queues, _) = await DeadLettersAsync(15);

        var result = await DeadLetters(queues.QueueUrl).RedriveAsync(queues, max: 4, new Progress<string>(), Ct);

        Assert.Equal(4, result.Moved);
        Assert.True(result.IsComplete);
        Assert.Equal((4, 0), await _aws.CountMessagesByStateAsync(queues.QueueUrl));
        Assert.Equal((11, 0), await _aws.CountMessagesByStateAsync(queues.DeadLetterQueueUrl));
    }

    [Fact]
    public async Task Redrive_StoppedMidway_LeavesEachMessageInExactlyOneQueue_AndTheRestVisibleAtOnce()
    {
        var (queues, sent) = await DeadLettersAsync(25);
        using var stop = new CancellationTokenSource();
        using var sqs = moto.CreateSqsClient();
        var receives = 0;
        sqs.BeforeRequestEvent += (_, e) =>
        {
            // Ctrl-C while the second batch is being received: that batch is in hand when the stop is seen.
            if (e is Amazon.Runtime.WebServiceRequestEventArgs { Request: ReceiveMessageRequest } && Interlocked.Increment(ref receives) == 2)
            {
                stop.Cancel();
            }
        };

        var result = await DeadLetters(queues.QueueUrl, sqs).RedriveAsync(queues, max: null, new Progress<string>(), stop.Token);

        Assert.True(result.Interrupted);
        Assert.Equal(10, result.Moved);
        Assert.Equal((10, 0), await _aws.CountMessagesByStateAsync(queues.QueueUrl));
        Assert.Equal((15, 0), await _aws.CountMessagesByStateAsync(queues.DeadLetterQueueUrl));
        var inQueue = (await _aws.DrainQueueAsync(queues.QueueUrl, 10, TimeSpan.FromSeconds(30)))
            .Select(m => m.MessageAttributes[DeadLetterAttributes.OriginalMessageId].StringValue);
        var inDeadLetterQueue = (await ReadAllAsync(DeadLetters(queues.QueueUrl), queues, max: null)).Select(l => l.Message.MessageId);
        Assert.Equal(sent.Keys.Order(), inQueue.Concat(inDeadLetterQueue).Order());
    }

    [Fact]
    public async Task Redrive_DyingBetweenSendAndDelete_LosesNothing_AndARepeatSendsTheSameMessagesUnderTheirOriginalIds()
    {
        var (queues, sent) = await DeadLettersAsync(3);
        using var dying = moto.CreateSqsClient().FailingOn(request => request is DeleteMessageBatchRequest);
        var options = new DeadLetterOptions { Visibility = TimeSpan.FromSeconds(1) };

        var first = await DeadLetters(queues.QueueUrl, dying, options).RedriveAsync(queues, max: null, new Progress<string>(), Ct);
        await _aws.WaitUntilVisibleAsync(queues.DeadLetterQueueUrl, 3, TimeSpan.FromSeconds(30)); // still there: they reappear
        var second = await DeadLetters(queues.QueueUrl, options: options).RedriveAsync(queues, max: null, new Progress<string>(), Ct);

        Assert.NotNull(first.Failure);
        Assert.Equal((0, 3), (first.Moved, first.SentNotDeleted));
        Assert.Equal(3, second.Moved);
        var copies = await _aws.DrainQueueAsync(queues.QueueUrl, 6, TimeSpan.FromSeconds(30));
        Assert.Equal(
            sent.Keys.Concat(sent.Keys).Order(),
            copies.Select(m => m.MessageAttributes[DeadLetterAttributes.OriginalMessageId].StringValue).Order());
        Assert.All(copies, m => Assert.Equal(sent[m.MessageAttributes[DeadLetterAttributes.OriginalMessageId].StringValue], m.Body));
        Assert.Equal(0, await _aws.CountMessagesAsync(queues.DeadLetterQueueUrl));
    }

    public void Dispose() => _aws.Dispose();

    /// <summary>
    /// A queue whose dead-letter queue holds <paramref name="count"/> messages, each with a body of its own and three
    /// kinds of attribute; returns their bodies by message id.
    /// </summary>
    private async Task<(DeadLetterQueues Queues, Dictionary<string, string> Sent)> DeadLettersAsync(int count)
    {
        var queue = await _aws.CreateQueueAsync(maxReceiveCount: 3);
        var sent = new Dictionary<string, string>();
        for (var i = 0; i < count; i++)
        {
            var body = $"email {i}";
            var response = await _aws.Sqs.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = queue.DeadLetterUrl,
                MessageBody = body,
                MessageAttributes = new()
                {
                    ["schema_version"] = new MessageAttributeValue { DataType = "String", StringValue = "1" },
                    ["attempt"] = new MessageAttributeValue { DataType = "Number", StringValue = "42" },
                    ["blob"] = new MessageAttributeValue { DataType = "Binary", BinaryValue = new MemoryStream(Encoding.UTF8.GetBytes("raw")) },
                },
            }, Ct);
            sent[response.MessageId] = body;
        }

        return (new DeadLetterQueues(queue.Url, queue.DeadLetterUrl!, "the queue's redrive policy"), sent);
    }

    private static async Task<List<DeadLetter>> ReadAllAsync(IDeadLetterQueue deadLetters, DeadLetterQueues queues, int? max)
    {
        var read = new List<DeadLetter>();
        await foreach (var letter in deadLetters.ReadAsync(queues, max, Ct))
        {
            read.Add(letter);
        }

        return read;
    }

    private IDeadLetterQueue DeadLetters(string queueUrl, IAmazonSQS? sqs = null, DeadLetterOptions? options = null)
    {
        sqs ??= moto.CreateSqsClient();
        var queueOptions = Options.Create(new QueueOptions { QueueUrl = queueUrl });
        var settings = Options.Create(options ?? new DeadLetterOptions());
        var calls = new SqsDeadLetters(sqs, new SqsQueueClient(sqs, queueOptions, TimeProvider.System), queueOptions, settings, TimeProvider.System);
        return new DeadLetterQueue(calls, new DeadLetterReader(calls), new DeadLetterMover(calls, settings, TimeProvider.System, NullLogger<DeadLetterMover>.Instance));
    }
}

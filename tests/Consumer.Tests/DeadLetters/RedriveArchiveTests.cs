using Amazon.SQS;
using Amazon.SQS.Model;
using EmailPipeline.Consumer.Tests.Archiving;
using EmailPipeline.Infrastructure;
using EmailPipeline.Infrastructure.Sqs.DeadLetters;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EmailPipeline.Consumer.Tests.DeadLetters;

/// <summary>
/// The redrive's guarantee, end to end on moto: a move that dies between sending a copy and deleting the dead letter
/// leaves the message in both queues; redriven again, it reaches the Consumer twice, and is archived once.
/// </summary>
public sealed class RedriveArchiveTests(MotoServer moto) : IDisposable
{
    private const string Email = """{"email_subject":"Redriven","email_sender":"redrive@example.org","email_timestream":"1693561101","email_content":"twice sent, once kept"}""";

    private readonly AwsResources _aws = new(moto);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ARedriveKilledBetweenSendAndDelete_ThenRepeated_GivesOneArchivedEmail()
    {
        var queue = await _aws.CreateQueueAsync(maxReceiveCount: 3);
        var bucket = await _aws.CreateBucketAsync();
        await _aws.Sqs.SendMessageAsync(queue.DeadLetterUrl, Email, Ct);
        using var dying = moto.CreateSqsClient().FailingOn(request => request is DeleteMessageBatchRequest);
        using var healthy = moto.CreateSqsClient();

        var killed = await RedriveAsync(queue.Url, dying);
        await _aws.WaitUntilVisibleAsync(queue.DeadLetterUrl!, 1, TimeSpan.FromSeconds(30));
        var repeated = await RedriveAsync(queue.Url, healthy);
        await using var consumer = ConsumerHarness.Start(moto, queue.Url, bucket, new Dictionary<string, string?> { ["Consumer:WaitTime"] = "00:00:01" });
        await consumer.ArchivedAsync(2);
        await consumer.StopAsync();

        Assert.Equal((1, 1), (killed.SentNotDeleted, repeated.Moved));
        Assert.Single(await _aws.ListObjectsAsync(bucket));
        Assert.Equal(
            ["AlreadyStored", "Stored"],
            consumer.Logs.Entries.Where(e => e.EventId.Name == ConsumerHarness.ArchivedEvent).Select(e => e["Outcome"]).Order());
        Assert.Equal(0, await _aws.CountMessagesAsync(queue.Url));
        Assert.Equal(0, await _aws.CountMessagesAsync(queue.DeadLetterUrl!));
    }

    public void Dispose() => _aws.Dispose();

    /// <summary>A redrive of every dead letter, with the command's registrations and <paramref name="sqs"/>.</summary>
    private async Task<RedriveResult> RedriveAsync(string queueUrl, IAmazonSQS sqs)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SQS_QUEUE_URL"] = queueUrl,
                ["AWS:Region"] = MotoServer.Region,
                ["DeadLetters:Visibility"] = "00:00:01",
            })
            .Build();
        await using var services = new ServiceCollection().AddLogging().AddSingleton(sqs).AddDeadLetterTools(configuration).BuildServiceProvider();
        var deadLetters = services.GetRequiredService<IDeadLetterQueue>();
        return await deadLetters.RedriveAsync(await deadLetters.LocateAsync(Ct), max: null, new Progress<string>(), Ct);
    }
}

using Amazon.SQS.Model;
using EmailPipeline.TestCommon;

namespace EmailPipeline.EndToEnd.Tests;

/// <summary>
/// The dead-letter command as an operator uses it, on the built Consumer: messages reach the dead-letter queue,
/// <c>dlq list</c> says why, the cause is fixed, <c>dlq redrive</c> sends them back and the Consumer archives the email.
/// (A missing bucket is no such cause: it stops the Consumer, and the messages wait in the queue, not the dead-letter
/// queue. An S3 outage that outlasts the queue's receives is: it dead-letters valid emails.)
/// </summary>
public sealed class DeadLetterTests(MotoServer moto) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly AwsResources _aws = new(moto);

    [Fact]
    public async Task DeadLetters_AreListedWithWhy_AndRedrivenOnceTheCauseIsFixed_IntoTheArchive()
    {
        var queue = await _aws.CreateQueueAsync(visibilityTimeoutSeconds: 2, maxReceiveCount: 2);
        var bucket = await _aws.CreateBucketAsync();
        var sender = Emails.NewSender();
        const long timestream = 1_700_000_000;
        var variables = new Dictionary<string, string?>(moto.Endpoints.Variables)
        {
            ["SQS_QUEUE_URL"] = queue.Url,
            ["S3_BUCKET_NAME"] = bucket,
            ["SQS_POLL_INTERVAL"] = "0",
            ["Consumer__WaitTime"] = "00:00:01",
            ["Consumer__BackoffMax"] = "00:00:01",
        };

        // S3 is out of reach: every archive fails, and the queue gives up on the valid email as on the poison one.
        using var unreachable = new DeadEndpoint();
        var outage = new Dictionary<string, string?>(variables) { ["AWS_ENDPOINT_URL_S3"] = unreachable.Url };
        await using (var consumer = RunningService.Start(ServiceKind.Consumer, RepositoryPaths.HostAssembly("Consumer"), outage))
        {
            await consumer.WaitUntilLiveAsync(Timeout);
            var poison = await SendAsync(queue.Url, $$"""{"email_subject":"no sender","email_timestream":"{{timestream}}","email_content":"secret words"}""");
            var valid = await SendAsync(queue.Url, System.Text.Json.JsonSerializer.Serialize(Emails.Email(sender, timestream, "outlived an outage")));
            await _aws.WaitUntilVisibleAsync(queue.DeadLetterUrl!, 2, Timeout);

            var (listed, list) = await DeadLettersAsync(variables, "list");

            Assert.Equal(0, listed);
            Assert.Contains(list, line => line.StartsWith(poison, StringComparison.Ordinal) && line.Contains("The email is not valid: email_sender required.", StringComparison.Ordinal));
            Assert.Contains(list, line => line.StartsWith(valid, StringComparison.Ordinal) && line.Contains("Valid: it failed for a reason outside the message.", StringComparison.Ordinal));
            Assert.DoesNotContain(list, line => line.Contains("secret words", StringComparison.Ordinal) || line.Contains(sender, StringComparison.Ordinal));
        }

        // S3 is back: a Consumer that can reach it, then the redrive.
        await using var fixedConsumer = RunningService.Start(ServiceKind.Consumer, RepositoryPaths.HostAssembly("Consumer"), variables);
        await fixedConsumer.WaitUntilReadyAsync(Timeout);
        var (redriven, redrive) = await DeadLettersAsync(variables, "redrive");

        Assert.Equal(0, redriven);
        Assert.Contains("Done: 2 moved.", redrive);
        await _aws.WaitUntilEmptyAsync(queue.Url, Timeout); // the email archived; the poison message dead-lettered again
        var archived = Assert.Single(await _aws.ListObjectsAsync(bucket, Emails.KeyStem(sender, timestream)));
        Assert.Contains("outlived an outage", await _aws.ReadObjectAsync(bucket, archived.Key), StringComparison.Ordinal);
        await _aws.WaitUntilVisibleAsync(queue.DeadLetterUrl!, 1, Timeout);
        Assert.Equal(1, await _aws.CountMessagesAsync(queue.DeadLetterUrl!));
    }

    public void Dispose() => _aws.Dispose();

    /// <summary>A message as another producer would send it (the Api refuses invalid emails; the queue does not).</summary>
    private async Task<string> SendAsync(string queueUrl, string body) =>
        (await _aws.Sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = body,
            MessageAttributes = new() { ["schema_version"] = new MessageAttributeValue { DataType = "String", StringValue = "1" } },
        })).MessageId;

    /// <summary><c>EmailPipeline.Consumer dlq …</c>, as an operator runs it with the Consumer's environment.</summary>
    private static async Task<(int ExitCode, IReadOnlyCollection<string> Output)> DeadLettersAsync(
        IReadOnlyDictionary<string, string?> variables, params string[] command)
    {
        await using var process = ServiceProcess.Start(RepositoryPaths.HostAssembly("Consumer"), ["dlq", .. command], variables);
        var exitCode = await process.WaitForExitAsync(Timeout);
        return (exitCode, process.Output);
    }
}

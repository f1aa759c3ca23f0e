using Amazon.SQS.Model;
using EmailPipeline.Consumer.DeadLetters;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.Configuration;

namespace EmailPipeline.Consumer.Tests.DeadLetters;

/// <summary>
/// <c>dlq list | show | redrive</c> as an operator runs it, configured like the Consumer, against moto: what it
/// prints, what it changes, and its exit codes.
/// </summary>
public sealed class DeadLetterCommandTests(MotoServer moto) : IDisposable
{
    private const string SecretSubject = "a subject nobody may read";
    private const string Invalid = $$"""{"email_subject":"{{SecretSubject}}","email_sender":"  ","email_timestream":"soon","email_content":"private"}""";
    private const string Valid = """{"email_subject":"Hi","email_sender":"John doe","email_timestream":"1693561101","email_content":"Hello"}""";

    private static readonly Dictionary<string, string?> NoSettings = [];

    private readonly AwsResources _aws = new(moto);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_SaysWhyEachMessageIsPoison_ByFieldNamesAndRules_NeverValues()
    {
        var (queue, ids) = await DeadLettersAsync(Invalid, "not json", Valid);

        var (exit, output, _) = await RunAsync(queue, "list");

        Assert.Equal(0, exit);
        Assert.Contains($"{ids[0]}", output, StringComparison.Ordinal);
        Assert.Matches($"{ids[0]} .* The email is not valid: email_sender blank, email_timestream invalid_timestream\\.", output);
        Assert.Matches($"{ids[1]} .* The body is not a JSON object\\.", output);
        Assert.Matches($"{ids[2]} .* Valid: it failed for a reason outside the message\\.", output);
        Assert.Contains("3 messages: 2 poison (invalid 1, unparseable 1), 1 valid.", output, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretSubject, output, StringComparison.Ordinal);
        Assert.DoesNotContain("private", output, StringComparison.Ordinal);
        Assert.Equal((3, 0), await _aws.CountMessagesByStateAsync(queue.DeadLetterUrl!)); // put back, visible
    }

    [Fact]
    public async Task Show_GivesMetadataAndTheShapeOfTheBody_NeverItsValues()
    {
        var (queue, ids) = await DeadLettersAsync(Invalid);

        var (exit, output, _) = await RunAsync(queue, "show", ids[0]);

        Assert.Equal(0, exit);
        Assert.Contains($"Message {ids[0]}", output, StringComparison.Ordinal);
        Assert.Contains("schema_version=1", output, StringComparison.Ordinal);
        Assert.Contains("producer (value not shown)", output, StringComparison.Ordinal);
        Assert.Contains($"email_subject: string of {SecretSubject.Length} characters; email_sender: string of 2 characters", output, StringComparison.Ordinal);
        Assert.Contains("verdict      poison (invalid). The email is not valid: email_sender blank", output, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretSubject, output, StringComparison.Ordinal);
        Assert.DoesNotContain("billing", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_AFieldThatIsNotUnicodeText_SaysSo_AndNamesTheField()
    {
        var (queue, ids) = await DeadLettersAsync(Valid.Replace("\"Hi\"", "\"half an emoji: \\ud83d\"", StringComparison.Ordinal));

        var (exit, output, _) = await RunAsync(queue, "show", ids[0]);

        Assert.Equal(0, exit);
        Assert.Contains("email_subject: string that is not Unicode text (a lone surrogate)", output, StringComparison.Ordinal);
        Assert.Contains("verdict      poison (invalid). The email is not valid: email_subject invalid_type", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_AMessageThatIsNotThere_Fails()
    {
        var (queue, _) = await DeadLettersAsync(Valid);

        var (exit, _, errors) = await RunAsync(queue, "show", "no-such-id");

        Assert.Equal(1, exit);
        Assert.Contains("No message no-such-id", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedriveDryRun_SaysWhatWouldMove_AndMovesNothing()
    {
        var (queue, _) = await DeadLettersAsync(Invalid, Valid);

        var (exit, output, _) = await RunAsync(queue, "redrive", "--dry-run");

        Assert.Equal(0, exit);
        Assert.Contains("Dry run, nothing is moved.", output, StringComparison.Ordinal);
        Assert.Contains("1 of them would come back here: the Consumer still refuses it.", output, StringComparison.Ordinal);
        Assert.Equal((2, 0), await _aws.CountMessagesByStateAsync(queue.DeadLetterUrl!));
        Assert.Equal(0, await _aws.CountMessagesAsync(queue.Url));
    }

    [Fact]
    public async Task Redrive_OnAnEndpointWithoutMoveTasks_MovesThemByHand_AndSaysSo()
    {
        var (queue, _) = await DeadLettersAsync(Valid, Valid, Valid);

        var (exit, output, _) = await RunAsync(queue, "redrive");

        Assert.Equal(0, exit);
        Assert.Contains("The endpoint has no StartMessageMoveTask", output, StringComparison.Ordinal);
        Assert.Contains("Done: 3 moved.", output, StringComparison.Ordinal);
        Assert.Equal(3, await _aws.CountMessagesAsync(queue.Url));
        Assert.Equal(0, await _aws.CountMessagesAsync(queue.DeadLetterUrl!));
    }

    [Fact]
    public async Task Redrive_AnEmptyDeadLetterQueue_HasNothingToMove()
    {
        var queue = await _aws.CreateQueueAsync(maxReceiveCount: 3);

        var (exit, output, _) = await RunAsync(queue, "redrive");

        Assert.Equal(0, exit);
        Assert.Contains("is empty: nothing to move", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("lisst")]
    [InlineData("list", "--max")]
    [InlineData("list", "--max", "0")]
    [InlineData("list", "--max", "-3")]
    [InlineData("list", "--dry-run")]
    [InlineData("show")]
    [InlineData("show", "a", "b")]
    [InlineData("redrive", "--dry-run", "--dry-run")]
    [InlineData("redrive", "--max", "1", "--max", "2")]
    public async Task BadArguments_Exit2_WithTheProblemAndTheUsage(params string[] args)
    {
        var (exit, output, errors) = await RunAsync(NoSettings, args);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("Usage: dotnet EmailPipeline.Consumer.dll dlq", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_PrintsTheUsage()
    {
        var (exit, output, _) = await RunAsync(NoSettings, "help");

        Assert.Equal(0, exit);
        Assert.Contains("redrive [--max N] [--dry-run]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BadConfiguration_Exits2_NamingTheSetting()
    {
        var (noQueue, _, noQueueErrors) = await RunAsync(NoSettings, "list");
        var (badUrl, _, badUrlErrors) = await RunAsync(
            new Dictionary<string, string?> { ["SQS_QUEUE_URL"] = "http://sqs.local/1/q", ["DeadLetters:QueueUrl"] = "not a url" }, "list");

        Assert.Equal((2, 2), (noQueue, badUrl));
        Assert.Contains("Configuration error: SQS_QUEUE_URL must be set", noQueueErrors, StringComparison.Ordinal);
        Assert.Contains("Configuration error: DeadLetters:QueueUrl must be the dead-letter queue's URL", badUrlErrors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AQueueWithoutDeadLetterQueue_OrNoQueueAtAll_Exits1_SayingWhy()
    {
        var plain = await _aws.CreateQueueAsync();
        var missing = plain with { Url = plain.Url + "-gone" };

        var (noPolicy, _, noPolicyErrors) = await RunAsync(plain, "list");
        var (noQueue, _, noQueueErrors) = await RunAsync(missing, "list");

        Assert.Equal((1, 1), (noPolicy, noQueue));
        Assert.Contains("has no redrive policy", noPolicyErrors, StringComparison.Ordinal);
        Assert.Contains("NonExistentQueue", noQueueErrors, StringComparison.Ordinal);
    }

    public void Dispose() => _aws.Dispose();

    /// <summary>A queue whose dead-letter queue holds the bodies, each with the Api's schema version and another producer's attribute.</summary>
    private async Task<(TestQueue Queue, List<string> Ids)> DeadLettersAsync(params string[] bodies)
    {
        var queue = await _aws.CreateQueueAsync(maxReceiveCount: 3);
        var ids = new List<string>();
        foreach (var body in bodies)
        {
            ids.Add((await _aws.Sqs.SendMessageAsync(new SendMessageRequest
            {
                QueueUrl = queue.DeadLetterUrl,
                MessageBody = body,
                MessageAttributes = new()
                {
                    ["schema_version"] = new MessageAttributeValue { DataType = "String", StringValue = "1" },
                    ["producer"] = new MessageAttributeValue { DataType = "String", StringValue = "billing" },
                },
            }, Ct)).MessageId);
        }

        return (queue, ids);
    }

    private Task<(int Exit, string Output, string Errors)> RunAsync(TestQueue queue, params string[] args) =>
        RunAsync(new Dictionary<string, string?> { ["SQS_QUEUE_URL"] = queue.Url }, args);

    /// <summary>The command with the Consumer's configuration plus <paramref name="settings"/>, on moto.</summary>
    private async Task<(int Exit, string Output, string Errors)> RunAsync(IReadOnlyDictionary<string, string?> settings, params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        var exit = await DeadLetterCommand.RunAsync(
            args,
            output,
            errors,
            configuration => configuration
                .AddInMemoryCollection(new Dictionary<string, string?> { ["AWS:ServiceURL"] = moto.Endpoint.ToString(), ["AWS:Region"] = MotoServer.Region })
                .AddInMemoryCollection(settings),
            Ct);
        return (exit, output.ToString(), errors.ToString());
    }
}

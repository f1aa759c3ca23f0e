using Amazon.SQS;
using EmailPipeline.Infrastructure.Sqs;
using EmailPipeline.Infrastructure.Sqs.DeadLetters;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailPipeline.Infrastructure.UnitTests.Sqs.DeadLetters;

/// <summary>
/// The redrive through SQS's own message move task, against an endpoint that has them (the by-hand redrive, for
/// endpoints without them, is tested on moto).
/// </summary>
public sealed class DeadLetterMoverTests
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly DeadLetterQueues Queues = new("http://sqs.local/123456789012/emails", "http://sqs.local/123456789012/emails-dlq", "test");

    private readonly ObservableTimeProvider _clock = new(DateTimeOffset.UnixEpoch);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Redrive_StartsOneTaskFromTheDeadLetterQueueToTheQueue_AndFollowsItToTheEnd()
    {
        using var endpoint = new MoveTaskEndpoint(("RUNNING", 3), ("COMPLETED", 7));
        var progress = new List<string>();

        var redrive = Mover(endpoint).RedriveAsync(Queues, max: null, new Lines(progress), Ct);
        await TickAsync(times: 2);
        var result = await redrive;

        Assert.Equal(new RedriveResult(RedriveMethod.MoveTask, 7, 0, 0, Interrupted: false, Failure: null), result);
        Assert.Equal([(MoveTaskEndpoint.ArnOf(Queues.DeadLetterQueueUrl), MoveTaskEndpoint.ArnOf(Queues.QueueUrl))], endpoint.Started);
        Assert.Equal(["Started an SQS message move task (task-1).", "3 moved of about 7 (RUNNING)", "7 moved of about 7 (COMPLETED)"], progress);
    }

    [Fact]
    public async Task Redrive_ATaskThatFails_IsReportedWithItsReason()
    {
        using var endpoint = new MoveTaskEndpoint(("FAILED", 2));

        var redrive = Mover(endpoint).RedriveAsync(Queues, max: null, new Lines([]), Ct);
        await TickAsync(times: 1);
        var result = await redrive;

        Assert.False(result.IsComplete);
        Assert.Equal(2, result.Moved);
        Assert.Contains("FAILED: AccessDenied", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redrive_StoppedWhileFollowingATask_LeavesItRunning_AndSaysHowToCancelIt()
    {
        using var endpoint = new MoveTaskEndpoint(("RUNNING", 3));
        using var stop = new CancellationTokenSource();

        var redrive = Mover(endpoint).RedriveAsync(Queues, max: null, new Lines([]), stop.Token);
        await TickAsync(times: 1);
        await _clock.WaitForTimerAsync(PollInterval, Ct);
        await stop.CancelAsync();
        var result = await redrive;

        Assert.True(result.Interrupted);
        Assert.Equal(3, result.Moved);
        Assert.Contains("cancel-message-move-task --task-handle task-1", result.Failure, StringComparison.Ordinal);
    }

    /// <summary>Lets the mover's wait between two looks at the task end, <paramref name="times"/> times.</summary>
    private async Task TickAsync(int times)
    {
        for (var i = 0; i < times; i++)
        {
            await _clock.WaitForTimerAsync(PollInterval, Ct);
            _clock.Advance(PollInterval);
        }
    }

    private DeadLetterMover Mover(MoveTaskEndpoint endpoint)
    {
        var sqs = new AmazonSQSClient(AwsEndpoints.Credentials, new AmazonSQSConfig { ServiceURL = endpoint.Url.ToString(), MaxErrorRetry = 0 });
        var queueOptions = Options.Create(new QueueOptions { QueueUrl = Queues.QueueUrl });
        var options = Options.Create(new DeadLetterOptions { MoveTaskPollInterval = PollInterval });
        var calls = new SqsDeadLetters(sqs, new SqsQueueClient(sqs, queueOptions, _clock), queueOptions, options, _clock);
        return new DeadLetterMover(calls, options, _clock, NullLogger<DeadLetterMover>.Instance);
    }

    private sealed class Lines(List<string> lines) : IProgress<string>
    {
        public void Report(string value) => lines.Add(value);
    }
}

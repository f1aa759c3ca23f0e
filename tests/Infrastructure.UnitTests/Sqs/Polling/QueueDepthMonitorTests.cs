using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Infrastructure.Sqs.Polling;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailPipeline.Infrastructure.UnitTests.Sqs.Polling;

/// <summary>The queue's depth, read for the metrics at start and then periodically, whatever the queue does.</summary>
public sealed class QueueDepthMonitorTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly ObservableTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private readonly FakeQueue _queue;
    private readonly ReceivedAges _ages;
    private readonly QueueDepthMonitor _monitor;

    public QueueDepthMonitorTests()
    {
        _queue = new FakeQueue(_clock, TimeSpan.FromSeconds(30));
        _ages = new ReceivedAges(_clock);
        _monitor = new QueueDepthMonitor(
            _queue, _ages, Options.Create(new PollerOptions { QueueStatsInterval = Interval }), _clock, NullLogger<QueueDepthMonitor>.Instance);
    }

    [Fact]
    public async Task ARead_PublishesTheMessagesWaiting_AndTheDeadLetters()
    {
        _queue.Add(7);
        _queue.DeadLetters = 3;

        await _monitor.ReadAsync(TestContext.Current.CancellationToken);

        Assert.Equal(7, QueueDepthMonitor.QueueMessagesVisible.Value);
        Assert.Equal(3, QueueDepthMonitor.DeadLetters.Value);
    }

    [Fact]
    public async Task ARead_PublishesTheOldestAgeReceivedSinceThePreviousRead_ThenStartsOver()
    {
        _ages.Record(_clock.GetUtcNow() - TimeSpan.FromSeconds(30));
        _ages.Record(_clock.GetUtcNow() - TimeSpan.FromSeconds(5));
        _ages.Record(sentAt: null);

        await _monitor.ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal(30, QueueDepthMonitor.OldestMessageAge.Value);

        await _monitor.ReadAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, QueueDepthMonitor.OldestMessageAge.Value);
    }

    [Fact]
    public async Task TheMonitor_ReadsAtOnce_ThenEveryInterval_EvenAfterAFailedRead()
    {
        _queue.AttributesFailure = new DependencyUnavailableException("sqs", "down", TimeSpan.FromSeconds(1));
        await _monitor.StartAsync(TestContext.Current.CancellationToken);
        var first = await _queue.AttributeReads.Reader.ReadAsync(PollLoopHarness.Guard);

        _queue.AttributesFailure = null;
        await _clock.WaitForTimerAsync(Interval, PollLoopHarness.Guard);
        _clock.Advance(Interval);
        var second = await _queue.AttributeReads.Reader.ReadAsync(PollLoopHarness.Guard);

        Assert.Equal(first + Interval, second);
        await _monitor.StopAsync(TestContext.Current.CancellationToken);
        Assert.True(_monitor.ExecuteTask!.IsCompletedSuccessfully);
    }
}

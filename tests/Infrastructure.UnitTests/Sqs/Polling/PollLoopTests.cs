using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Infrastructure.Sqs.Polling;

namespace EmailPipeline.Infrastructure.UnitTests.Sqs.Polling;

/// <summary>
/// The poll loop's decisions, one at a time, against an in-memory queue and a fake clock: nothing here sleeps; a test
/// waits for the loop to act, or to park on the clock, and then moves the clock.
/// </summary>
public sealed class PollLoopTests
{
    [Fact]
    public async Task Receive_AsksFor10_OnlyOnceThereIsRoomFor10()
    {
        await using var poller = PollLoopHarness.Start(new PollerOptions { MaxConcurrency = 13 });
        poller.Queue.Add(30);

        Assert.Equal(10, (await poller.NextReceiveAsync()).MaxMessages);
        var started = await poller.Processor.WaitForStartedAsync(10);

        // Room for 3, then for 9: a receive would cost as much as a full one, so none is made...
        foreach (var message in started.Take(7))
        {
            poller.Processor.Release(message.MessageId, MessageOutcome.Completed);
        }

        // ... until there is room for 10 (a receive for fewer would show up here first).
        Assert.Equal(10, (await poller.NextReceiveAsync()).MaxMessages);
    }

    [Fact]
    public async Task Receive_NeverAsksForMoreThanTheConcurrency()
    {
        await using var poller = PollLoopHarness.Start(new PollerOptions { MaxConcurrency = 3 });
        poller.Queue.Add(10);

        Assert.Equal(3, (await poller.NextReceiveAsync()).MaxMessages);
        var started = await poller.Processor.WaitForStartedAsync(3);
        poller.Processor.Release(started[0].MessageId, MessageOutcome.Completed);
        poller.Processor.Release(started[1].MessageId, MessageOutcome.Completed);
        poller.Processor.Release(started[2].MessageId, MessageOutcome.Completed);

        Assert.Equal(3, (await poller.NextReceiveAsync()).MaxMessages);
    }

    [Fact]
    public async Task Receive_AfterANonEmptyReceive_AsksAgainAtOnce()
    {
        await using var poller = PollLoopHarness.Start(new PollerOptions { PollInterval = TimeSpan.FromSeconds(5) });
        poller.Queue.Add(3);

        var first = await poller.NextReceiveAsync();
        var second = await poller.NextReceiveAsync();

        Assert.Equal(first.At, second.At);
    }

    [Fact]
    public async Task Receive_AfterAnEmptyReceive_PausesThePollInterval()
    {
        var interval = TimeSpan.FromSeconds(7);
        await using var poller = PollLoopHarness.Start(new PollerOptions { PollInterval = interval, WaitTime = TimeSpan.FromSeconds(20) });

        var first = await poller.NextReceiveAsync();
        await poller.EndLongPollAsync();
        await poller.Clock.WaitForTimerAsync(interval, PollLoopHarness.Guard);

        Assert.False(poller.Queue.Receives.Reader.TryRead(out _));
        poller.Clock.Advance(interval);
        var second = await poller.NextReceiveAsync();
        Assert.Equal(first.At + TimeSpan.FromSeconds(20) + interval, second.At);
    }

    [Fact]
    public async Task Receive_AfterAnEmptyReceiveThatIgnoredItsWait_PausesASecond_NotAskingAgainAtOnce()
    {
        await using var poller = PollLoopHarness.Start(
            new PollerOptions { WaitTime = TimeSpan.FromSeconds(20) }, beforeStart: queue => queue.IgnoresWait = true);

        var first = await poller.NextReceiveAsync();
        await poller.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(1), PollLoopHarness.Guard);

        Assert.False(poller.Queue.Receives.Reader.TryRead(out _));
        poller.Clock.Advance(TimeSpan.FromSeconds(1));
        var second = await poller.NextReceiveAsync();
        Assert.Equal(first.At + TimeSpan.FromSeconds(1), second.At);
    }

    [Fact]
    public async Task Deletes_OnlyCompletedMessages_InOneBatch()
    {
        await using var poller = PollLoopHarness.Start(new PollerOptions { DeleteLinger = TimeSpan.FromMilliseconds(50) });
        var messages = poller.Queue.Add(10);
        var started = await poller.Processor.WaitForStartedAsync(10);

        for (var i = 0; i < 10; i++)
        {
            poller.Processor.Release(started[i].MessageId, i switch
            {
                < 7 => MessageOutcome.Completed,
                < 9 => MessageOutcome.Poison("invalid", "test"),
                _ => MessageOutcome.Retry("s3_unavailable", "test"),
            });
        }

        await poller.SettledAsync(started);
        await poller.Clock.WaitForTimerAsync(TimeSpan.FromMilliseconds(50), PollLoopHarness.Guard);
        poller.Clock.Advance(TimeSpan.FromMilliseconds(50));
        var deleted = await poller.NextDeleteAsync();

        Assert.Equal(started.Take(7).Select(m => m.ReceiptHandle).Order(), deleted.Order());
        Assert.Equal(10, messages.Count);
    }

    [Fact]
    public async Task Deletes_TenCompletedMessages_GoAtOnce_WithoutWaitingForTheLinger()
    {
        await using var poller = PollLoopHarness.Start(new PollerOptions { DeleteLinger = TimeSpan.FromSeconds(30) });
        poller.Processor.Outcome = _ => MessageOutcome.Completed;
        poller.Queue.Add(10);

        var deleted = await poller.NextDeleteAsync();

        Assert.Equal(10, deleted.Count);
    }

    [Fact]
    public async Task DependencyFailure_BacksOffTheNextReceive_WithJitter()
    {
        var options = new PollerOptions { BackoffInitial = TimeSpan.FromSeconds(2), BackoffMax = TimeSpan.FromSeconds(20) };
        await using var poller = PollLoopHarness.Start(options, new FixedRandom(0.5));
        var failing = poller.Queue.Add(1);
        await poller.NextReceiveAsync();
        await poller.NextReceiveAsync(); // the long poll under way when the message fails
        poller.Processor.Release(failing[0].MessageId, MessageOutcome.Retry("s3_unavailable", "test"));
        await poller.SettledAsync(failing);
        await poller.EndLongPollAsync();

        // One failure: a delay drawn from [0, 2 s]; this Random always draws the middle.
        await poller.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(1), PollLoopHarness.Guard);
        Assert.False(poller.Queue.Receives.Reader.TryRead(out _));

        poller.Clock.Advance(TimeSpan.FromSeconds(1));
        await poller.NextReceiveAsync();
    }

    [Fact]
    public async Task ReceiveErrors_BackOffExponentially_UpToTheCap_ThenRecover()
    {
        var options = new PollerOptions { BackoffInitial = TimeSpan.FromSeconds(1), BackoffMax = TimeSpan.FromSeconds(3) };
        // Set up before the loop starts: its first receive must meet the first failure, not a long poll.
        await using var poller = PollLoopHarness.Start(options, new FixedRandom(1.0), queue =>
        {
            for (var i = 0; i < 3; i++)
            {
                queue.ReceiveFailures.Enqueue(new DependencyUnavailableException("sqs", "down", TimeSpan.FromSeconds(1)));
            }
        });

        await poller.NextReceiveAsync();
        foreach (var delay in new[] { 1, 2, 3 }) // 1 s, 2 s, then capped at 3 s rather than 4 s
        {
            await poller.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(delay), PollLoopHarness.Guard);
            poller.Clock.Advance(TimeSpan.FromSeconds(delay));
            await poller.NextReceiveAsync();
        }

        // The fourth receive succeeded: the next one follows with no delay.
        poller.Queue.Add(1);
        await poller.NextReceiveAsync();
    }

    [Fact]
    public async Task PoisonMessages_AreLeftForTheDeadLetterQueue_WithoutSlowingTheOthers()
    {
        await using var poller = PollLoopHarness.Start(new PollerOptions { DeleteLinger = TimeSpan.Zero });
        poller.Processor.Outcome = m => m.Body == "poison" ? MessageOutcome.Poison("unparseable", "test") : MessageOutcome.Completed;
        poller.Queue.Add(1, "poison");
        await poller.Processor.WaitForStartedAsync(1);

        poller.Queue.Add(1, "good");
        var deleted = await poller.NextDeleteAsync();

        Assert.Equal(["h2"], deleted);
    }

    [Fact]
    public async Task Heartbeat_ExtendsOnlyMessagesWithLessThanHalfTheirVisibilityLeft()
    {
        await using var poller = PollLoopHarness.Start(new PollerOptions { MessageTimeout = TimeSpan.FromMinutes(5) });
        poller.Queue.Add(1);
        await poller.Processor.WaitForStartedAsync(1);

        // Visibility 60 s: the heartbeat looks every 10 s and extends once 30 s or less are left.
        await poller.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(10), PollLoopHarness.Guard);
        poller.Clock.Advance(TimeSpan.FromSeconds(20));

        Assert.False(poller.Queue.VisibilityChanges.Reader.TryRead(out _));
        poller.Clock.Advance(TimeSpan.FromSeconds(10));
        var change = await poller.NextVisibilityChangeAsync();

        Assert.Equal(["h1"], change.Handles);
        Assert.Equal(PollLoopHarness.Visibility, change.Visibility);
    }

    [Fact]
    public async Task Shutdown_StopsReceiving_FinishesInFlightWork_ThenDeletesIt()
    {
        await using var poller = PollLoopHarness.Start(new PollerOptions { DeleteLinger = TimeSpan.FromSeconds(30) });
        poller.Queue.Add(3);
        var started = await poller.Processor.WaitForStartedAsync(3);

        await poller.StopAsync();
        poller.Queue.Add(5);
        Assert.False(poller.Run.IsCompleted);
        foreach (var message in started)
        {
            poller.Processor.Release(message.MessageId, MessageOutcome.Completed);
        }

        await poller.Run.WaitAsync(PollLoopHarness.Guard);
        Assert.Equal(started.Select(m => m.ReceiptHandle).Order(), (await poller.NextDeleteAsync()).Order());
        Assert.False(poller.Processor.Started.Reader.TryRead(out _)); // none of the five added after the stop
    }

    [Fact]
    public async Task Shutdown_PastTheDrainTimeout_CancelsTheWork_AndHandsTheMessagesBack()
    {
        // Longer than the long poll under way at the stop (20 s) and its grace (2 s): the drain's own timer is told
        // apart from the receive's, and by the drain's end the receive is over, so nothing handed back goes to it.
        var drain = TimeSpan.FromSeconds(25);
        await using var poller = PollLoopHarness.Start(new PollerOptions { DrainTimeout = drain, MessageTimeout = TimeSpan.FromMinutes(5) });
        poller.Queue.Add(2);
        var started = await poller.Processor.WaitForStartedAsync(2);

        await poller.StopAsync();
        await poller.Clock.WaitForTimerAsync(drain, PollLoopHarness.Guard);
        poller.Clock.Advance(drain);

        var released = await poller.NextVisibilityChangeAsync();
        Assert.Equal(TimeSpan.Zero, released.Visibility);
        Assert.Equal(started.Select(m => m.ReceiptHandle).Order(), released.Handles.Order());
        await poller.Run.WaitAsync(PollLoopHarness.Guard);
        Assert.False(poller.Queue.Deletes.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Shutdown_DuringALongPoll_LetsItRunOut_SoWhatSqsHandsItIsHandedBack_NotLeftInvisible()
    {
        await using var poller = PollLoopHarness.Start();
        await poller.NextReceiveAsync(); // a long poll on an empty queue

        await poller.StopAsync();
        poller.Clock.Advance(TimeSpan.FromSeconds(10)); // SQS still holds the request open
        poller.Queue.Add(2);

        var released = await poller.NextVisibilityChangeAsync();
        Assert.Equal((TimeSpan.Zero, 2), (released.Visibility, released.Handles.Count));
        await poller.Run.WaitAsync(PollLoopHarness.Guard);
        Assert.False(poller.Processor.Started.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Shutdown_DuringAReceive_HandsBackWhatItBrings_InsteadOfLeavingItInvisible()
    {
        await using var poller = PollLoopHarness.Start();
        await poller.NextReceiveAsync(); // a long poll on an empty queue

        await poller.StopAsync();
        poller.Queue.Add(3); // taken off the queue by the receive still under way

        var released = await poller.NextVisibilityChangeAsync();
        Assert.Equal(TimeSpan.Zero, released.Visibility);
        Assert.Equal(3, released.Handles.Count);
        await poller.Run.WaitAsync(PollLoopHarness.Guard);
        Assert.False(poller.Processor.Started.Reader.TryRead(out _));
    }

    [Fact]
    public async Task FatalOutcome_StopsThePoller_WithTheMisconfiguration()
    {
        await using var poller = PollLoopHarness.Start();
        var misconfigured = new DependencyMisconfiguredException("s3", "The bucket does not exist.");
        poller.Processor.Outcome = _ => MessageOutcome.Fatal(misconfigured);
        poller.Queue.Add(1);

        var thrown = await Assert.ThrowsAsync<DependencyMisconfiguredException>(() => poller.Run.WaitAsync(PollLoopHarness.Guard));

        Assert.Same(misconfigured, thrown);
    }

    [Fact]
    public async Task MissingQueue_AtStart_StopsThePoller_BeforeReceivingAnything()
    {
        await using var poller = PollLoopHarness.Start(beforeStart: queue =>
            queue.AttributesFailure = new DependencyMisconfiguredException("sqs", "The queue does not exist."));

        await Assert.ThrowsAsync<DependencyMisconfiguredException>(() => poller.Run.WaitAsync(PollLoopHarness.Guard));
        Assert.False(poller.Queue.Receives.Reader.TryRead(out _));
    }

    [Fact]
    public async Task UnreachableQueue_AtStart_IsRetried_NotFatal()
    {
        var options = new PollerOptions { BackoffInitial = TimeSpan.FromSeconds(1) };
        await using var poller = PollLoopHarness.Start(options, new FixedRandom(1.0), queue =>
            queue.AttributesFailure = new DependencyUnavailableException("sqs", "down", TimeSpan.FromSeconds(1)));

        await poller.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(1), PollLoopHarness.Guard);
        poller.Queue.AttributesFailure = null;
        poller.Clock.Advance(TimeSpan.FromSeconds(1));

        await poller.NextReceiveAsync();
        Assert.False(poller.Run.IsCompleted);
    }

    [Fact]
    public async Task UnreachableQueue_AtStart_KeepsTheLoopLive_HoweverLongItLasts()
    {
        var options = new PollerOptions { BackoffInitial = TimeSpan.FromSeconds(10), BackoffMax = TimeSpan.FromSeconds(20) };
        await using var poller = PollLoopHarness.Start(options, new FixedRandom(1.0), queue =>
            queue.AttributesFailure = new DependencyUnavailableException("sqs", "down", TimeSpan.FromSeconds(1)));

        // 70 s of retrying: past the minute within which a live loop must have turned.
        foreach (var delay in new[] { 10, 20, 20, 20 })
        {
            await poller.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(delay), PollLoopHarness.Guard);
            poller.Clock.Advance(TimeSpan.FromSeconds(delay));
        }

        await poller.Clock.WaitForTimerAsync(TimeSpan.FromSeconds(20), PollLoopHarness.Guard);
        Assert.True(poller.State.IsAlive(TimeSpan.FromSeconds(60)), $"the loop last turned at {poller.State.LastBeat:T}, now {poller.Clock.GetUtcNow():T}");
    }
}


namespace EmailPipeline.Infrastructure.Sqs.Polling;

public enum PollerStatus
{
    Starting,
    Polling,
    Draining,
    Stopped,
    Failed,
}

/// <summary>Whether the poll loop is alive, for the Consumer's <c>/health</c>.</summary>
public sealed class PollerState(TimeProvider clock)
{
    private static readonly Gauge LastPoll = Metrics.CreateGauge(
        "consumer_last_poll_timestamp_seconds", "Unix time at which the poll loop last asked for messages or waited for capacity.");

    private long _lastBeatTicks = clock.GetUtcNow().UtcTicks;

    public PollerStatus Status { get; set; } = PollerStatus.Starting;

    public DateTimeOffset LastBeat => new(Interlocked.Read(ref _lastBeatTicks), TimeSpan.Zero);

    /// <summary>The loop is about to ask for messages, or to wait for capacity.</summary>
    public void Beat()
    {
        var now = clock.GetUtcNow();
        Interlocked.Exchange(ref _lastBeatTicks, now.UtcTicks);
        LastPoll.Set(now.ToUnixTimeMilliseconds() / 1000.0);
    }

    /// <summary>True while the loop runs and has beaten within <paramref name="tolerance"/>.</summary>
    public bool IsAlive(TimeSpan tolerance) =>
        Status is PollerStatus.Starting or PollerStatus.Polling or PollerStatus.Draining &&
        clock.GetUtcNow() - LastBeat <= tolerance;
}

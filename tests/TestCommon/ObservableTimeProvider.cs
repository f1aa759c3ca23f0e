using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace EmailPipeline.TestCommon;

/// <summary>
/// A fake clock that also tells when code starts waiting on it: every <c>Task.Delay</c>, <c>PeriodicTimer</c> and
/// timed <c>CancellationTokenSource</c> on a TimeProvider creates or arms a timer. Tests can then wait until the
/// code under test is parked on the clock, instead of sleeping and hoping.
/// </summary>
public sealed class ObservableTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Channel<TimeSpan> _armed = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservableTimer(base.CreateTimer(callback, state, dueTime, period), this);
        Armed(dueTime);
        return timer;
    }

    /// <summary>Completes when a timer is armed with exactly <paramref name="dueTime"/> (or at once if one was).</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime, CancellationToken cancellationToken)
    {
        await foreach (var armed in _armed.Reader.ReadAllAsync(cancellationToken))
        {
            if (armed == dueTime)
            {
                return;
            }
        }
    }

    private void Armed(TimeSpan dueTime)
    {
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _armed.Writer.TryWrite(dueTime);
        }
    }

    private sealed class ObservableTimer(ITimer inner, ObservableTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = inner.Change(dueTime, period);
            clock.Armed(dueTime);
            return changed;
        }

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

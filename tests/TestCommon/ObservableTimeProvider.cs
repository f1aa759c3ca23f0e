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
    private readonly Channel<Arming> _armed = Channel.CreateUnbounded<Arming>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ObservableTimer(this);
        // The arming is recorded before the inner timer exists, since a timer due at once fires inside CreateTimer and
        // must find it; it is published only after, since a test that sees it moves the clock, which must then find
        // the timer registered.
        var arming = timer.Arm(dueTime, period);
        timer.Inner = base.CreateTimer(
            s =>
            {
                timer.Fired();
                callback(s);
            },
            state,
            dueTime,
            period);
        Publish(arming);
        return timer;
    }

    /// <summary>
    /// Completes when a timer is armed with exactly <paramref name="dueTime"/> and is still waiting (at once if one
    /// was armed since the last call, and is still waiting). An arming that has since fired, been disposed or been
    /// re-armed is passed over: moving the clock for it would move it for nothing.
    /// </summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime, CancellationToken cancellationToken)
    {
        await foreach (var armed in _armed.Reader.ReadAllAsync(cancellationToken))
        {
            if (armed.DueTime == dueTime && armed.IsWaiting)
            {
                return;
            }
        }
    }

    private void Publish(Arming arming)
    {
        if (arming.IsWaiting)
        {
            _armed.Writer.TryWrite(arming);
        }
    }

    /// <summary>One arming of a timer: waiting until it fires (unless periodic), is re-armed, or is disposed.</summary>
    private sealed class Arming(TimeSpan dueTime, bool periodic)
    {
        private int _over;

        public TimeSpan DueTime { get; } = dueTime;

        public bool Periodic { get; } = periodic;

        public bool IsWaiting => Volatile.Read(ref _over) == 0;

        public void End() => Volatile.Write(ref _over, 1);
    }

    private sealed class ObservableTimer(ObservableTimeProvider clock) : ITimer
    {
        private Arming? _current;

        public ITimer Inner { get; set; } = null!;

        /// <summary>Records a new arming, ending the one before; the caller publishes it once the inner timer has it.</summary>
        public Arming Arm(TimeSpan dueTime, TimeSpan period)
        {
            var arming = new Arming(dueTime, period != Timeout.InfiniteTimeSpan && period != TimeSpan.Zero);
            Interlocked.Exchange(ref _current, arming)?.End();
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                arming.End();
            }

            return arming;
        }

        public void Fired()
        {
            if (Volatile.Read(ref _current) is { Periodic: false } arming)
            {
                arming.End();
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var arming = Arm(dueTime, period);
            var changed = Inner.Change(dueTime, period);
            clock.Publish(arming);
            return changed;
        }

        public void Dispose()
        {
            Volatile.Read(ref _current)?.End();
            Inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Volatile.Read(ref _current)?.End();
            return Inner.DisposeAsync();
        }
    }
}

namespace EmailPipeline.Infrastructure.Aws;

/// <summary>
/// Capped exponential back-off with full jitter: after n failures in a row, a delay drawn uniformly from
/// [0, min(cap, initial × 2^(n-1))]. Jitter keeps consumers that failed together from retrying together.
/// Failures and successes may be reported from any thread.
/// </summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan cap, Random random)
{
    private const int MaxExponent = 30;
    private int _failuresInARow;

    public int FailuresInARow => Volatile.Read(ref _failuresInARow);

    public void Failed()
    {
        int current;
        do
        {
            current = Volatile.Read(ref _failuresInARow);
        }
        while (current < MaxExponent && Interlocked.CompareExchange(ref _failuresInARow, current + 1, current) != current);
    }

    public void Succeeded() => Volatile.Write(ref _failuresInARow, 0);

    /// <summary>The delay to wait before the next attempt; zero after a success.</summary>
    public TimeSpan NextDelay()
    {
        var failures = FailuresInARow;
        if (failures == 0)
        {
            return TimeSpan.Zero;
        }

        var ceiling = Math.Min(cap.TotalMilliseconds, initial.TotalMilliseconds * Math.Pow(2, failures - 1));
        lock (random)
        {
            return TimeSpan.FromMilliseconds(random.NextDouble() * ceiling);
        }
    }
}

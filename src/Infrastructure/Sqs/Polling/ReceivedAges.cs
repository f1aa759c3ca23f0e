

namespace EmailPipeline.Infrastructure.Sqs.Polling;

/// <summary>
/// How long messages waited in the queue, measured on receipt: each age goes into a histogram, and the oldest since
/// the queue's depth was last read is kept for <see cref="QueueDepthMonitor"/> (SQS's API has no age of the oldest
/// message; CloudWatch's ApproximateAgeOfOldestMessage is the authority).
/// </summary>
public sealed class ReceivedAges(TimeProvider clock)
{
    private static readonly Histogram MessageAge = Metrics.CreateHistogram(
        "sqs_message_age_at_receive_seconds",
        "Time from a message's first send to its receipt by this Consumer.",
        new HistogramConfiguration { Buckets = [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600] });

    private readonly Lock _lock = new();
    private double _oldestSeconds;

    public void Record(DateTimeOffset? sentAt)
    {
        if (sentAt is not { } sent)
        {
            return;
        }

        var age = Math.Max(0, (clock.GetUtcNow() - sent).TotalSeconds);
        MessageAge.Observe(age);
        lock (_lock)
        {
            _oldestSeconds = Math.Max(_oldestSeconds, age);
        }
    }

    /// <summary>The oldest age recorded since the last call, in seconds (0 when none was), and starts over.</summary>
    public double TakeOldest()
    {
        lock (_lock)
        {
            var oldest = _oldestSeconds;
            _oldestSeconds = 0;
            return oldest;
        }
    }
}

namespace EmailPipeline.Infrastructure.Sqs.Polling;

/// <summary>How the Consumer polls its queue.</summary>
public sealed class PollerOptions
{
    public const string Section = "Consumer";

    /// <summary>The environment variable for the pause after an empty receive, in seconds.</summary>
    public const string PollIntervalVariable = "SQS_POLL_INTERVAL";

    /// <summary>The longest pause after an empty receive that <see cref="PollIntervalVariable"/> may ask for.</summary>
    public static readonly TimeSpan MaxPollInterval = TimeSpan.FromHours(1);

    /// <summary>Pause after a receive that returned nothing (SQS_POLL_INTERVAL, seconds, default 0).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.Zero;

    /// <summary>Messages processed at once at most; receives never ask for more than the free capacity.</summary>
    public int MaxConcurrency { get; set; } = 32;

    /// <summary>How long a receive waits for messages (long polling; SQS allows up to 20 s).</summary>
    public TimeSpan WaitTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The budget for one message's work. The queue's visibility timeout should be at least 6 times this.</summary>
    public TimeSpan MessageTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The visibility timeout the poller assumes and extends by. Unset: the queue's own, read at start.
    /// </summary>
    public TimeSpan? VisibilityTimeout { get; set; }

    /// <summary>
    /// On shutdown, how long in-flight messages may take to finish before their work is cancelled and they are
    /// handed back to the queue. Keep it a few seconds below the container's stop timeout (ECS: 30 s).
    /// </summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a batch of deletes waits to fill up to 10 before it is sent.</summary>
    public TimeSpan DeleteLinger { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>First and largest delays of the back-off after errors.</summary>
    public TimeSpan BackoffInitial { get; set; } = TimeSpan.FromMilliseconds(200);

    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the queue's depth is read for the metrics.</summary>
    public TimeSpan QueueStatsInterval { get; set; } = TimeSpan.FromSeconds(15);
}

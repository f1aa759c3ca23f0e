using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EmailPipeline.Infrastructure.Sqs.Publishing;

/// <summary>
/// The largest message the queue takes: its <c>MaximumMessageSize</c>, read from SQS when the Api starts (again and
/// again, backing off, while SQS cannot be read), then every <see cref="RefreshEvery"/> (an operator may change it),
/// and at once when SQS refuses a message that the last reading said would fit. Until a reading has succeeded, a
/// caller that needs the limit reads it itself; concurrent callers share one read.
/// </summary>
internal sealed partial class QueueMessageLimit(IQueueClient queue, TimeProvider clock, ILogger<QueueMessageLimit> logger)
{
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromMinutes(5);

    private readonly Lock _lock = new();
    private int _bytes;
    private Task<int>? _reading;

    /// <summary>The limit in bytes: as last read, or read now when it never was.</summary>
    /// <exception cref="DependencyUnavailableException">It was never read, and SQS cannot be read now.</exception>
    public ValueTask<int> GetAsync(CancellationToken cancellationToken)
    {
        var known = Volatile.Read(ref _bytes);
        return known > 0 ? ValueTask.FromResult(known) : new ValueTask<int>(ReadAsync().WaitAsync(cancellationToken));
    }

    /// <summary>Reads the limit from SQS (joining a read already under way) and returns it.</summary>
    public Task<int> ReadAsync()
    {
        lock (_lock)
        {
            return _reading is { IsCompleted: false } reading ? reading : _reading = ReadOnceAsync();
        }
    }

    /// <summary>Reads the limit until <paramref name="stoppingToken"/> is cancelled: at once, then every <see cref="RefreshEvery"/>.</summary>
    public async Task KeepReadingAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), Random.Shared);
        while (true)
        {
            try
            {
                await ReadAsync().WaitAsync(stoppingToken);
                backoff.Succeeded();
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is DependencyUnavailableException or DependencyMisconfiguredException)
            {
                // Readiness and the start-up checks report the queue; this only keeps trying.
                backoff.Failed();
                LogUnreadable(logger, exception.Message);
            }

            if (!await Pause.ForAsync(backoff.FailuresInARow == 0 ? RefreshEvery : backoff.NextDelay(), clock, stoppingToken))
            {
                return;
            }
        }
    }

    private async Task<int> ReadOnceAsync()
    {
        var bytes = (await queue.GetAttributesAsync(CancellationToken.None)).MaximumMessageSize;
        if (Interlocked.Exchange(ref _bytes, bytes) != bytes)
        {
            LogLimit(logger, bytes);
        }

        return bytes;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The queue takes messages of up to {MaximumMessageSize} bytes")]
    private static partial void LogLimit(ILogger logger, int maximumMessageSize);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The queue's maximum message size could not be read: {Reason}")]
    private static partial void LogUnreadable(ILogger logger, string reason);

    /// <summary>
    /// Runs <see cref="KeepReadingAsync"/> for the life of the service. The limit is resolved when it runs, not when
    /// the host builds its hosted services: that is before options are validated, and resolving the SQS client reads them.
    /// </summary>
    internal sealed class Refresher(IServiceProvider services) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
            services.GetRequiredService<QueueMessageLimit>().KeepReadingAsync(stoppingToken);
    }
}

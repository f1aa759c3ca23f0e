using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace EmailPipeline.TestCommon;

/// <summary>
/// One log event as a test sees it: its name, its properties (what a test should match on), the formatted message,
/// and the exception, if any, as text.
/// </summary>
public sealed record LogEntry(
    string Category, LogLevel Level, EventId EventId, IReadOnlyDictionary<string, object?> Properties, string Message, string? Exception)
{
    /// <summary>The event's property <paramref name="name"/> as text, or null when it has none.</summary>
    public string? this[string name] => Properties.TryGetValue(name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    public override string ToString() => $"{Level} {Category}: {Message}{(Exception is null ? string.Empty : " " + Exception)}";
}

/// <summary>
/// Keeps every log event of a host in memory, so tests can assert on what was (and was not) logged, and wait for
/// an event instead of sleeping.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly List<(Func<LogEntry, bool> Match, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _lock = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    /// <summary>Completes when an event matching <paramref name="match"/> has been logged (or already was).</summary>
    public Task WaitForAsync(Func<LogEntry, bool> match, TimeSpan timeout) => WaitForAsync(match, 1, timeout);

    /// <summary>Completes when <paramref name="count"/> events matching <paramref name="match"/> have been logged.</summary>
    public Task WaitForAsync(Func<LogEntry, bool> match, int count, TimeSpan timeout)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            var seen = _entries.Count(match);
            if (seen >= count)
            {
                return Task.CompletedTask;
            }

            var remaining = count - seen;
            _waiters.Add((entry => match(entry) && Interlocked.Decrement(ref remaining) == 0, done));
        }

        return done.Task.WaitAsync(timeout);
    }

    public void Dispose()
    {
    }

    private void Add(LogEntry entry)
    {
        lock (_lock)
        {
            _entries.Enqueue(entry);
            foreach (var waiter in _waiters.Where(w => w.Match(entry)).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Add(new LogEntry(
                category,
                logLevel,
                eventId,
                (state as IEnumerable<KeyValuePair<string, object?>>)?.DistinctBy(p => p.Key).ToDictionary(p => p.Key, p => p.Value) ?? [],
                formatter(state, exception),
                exception?.ToString()));
    }
}

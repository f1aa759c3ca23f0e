using EmailPipeline.Infrastructure.Sqs;
using EmailPipeline.Infrastructure.Sqs.Polling;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmailPipeline.Infrastructure.UnitTests.Sqs.Polling;

/// <summary>A <see cref="PollLoop"/> running against a <see cref="FakeQueue"/>, a <see cref="ScriptedProcessor"/> and a fake clock.</summary>
internal sealed class PollLoopHarness : IAsyncDisposable
{
    public static readonly TimeSpan Visibility = TimeSpan.FromSeconds(60);

    private readonly ServiceProvider _services;
    private readonly ILoggerFactory _logging;
    private readonly CancellationTokenSource _stopping = new();

    private PollLoopHarness(PollerOptions options, Random random)
    {
        Clock = new ObservableTimeProvider(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
        Queue = new FakeQueue(Clock, Visibility);
        Options = options;
        _services = new ServiceCollection()
            .AddSingleton<IQueueMessageProcessor>(Processor)
            .BuildServiceProvider();
        _logging = LoggerFactory.Create(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        State = new PollerState(Clock);
        Loop = new PollLoop(
            Queue, _services.GetRequiredService<IServiceScopeFactory>(), Microsoft.Extensions.Options.Options.Create(options),
            State, new ReceivedAges(Clock), Clock, _logging.CreateLogger<PollLoop>(), random);
    }

    public ObservableTimeProvider Clock { get; }

    public FakeQueue Queue { get; }

    public ScriptedProcessor Processor { get; } = new();

    /// <summary>What the loop logged: its events name the message they settle.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public PollerOptions Options { get; }

    public PollLoop Loop { get; }

    /// <summary>What the Consumer's liveness reads.</summary>
    public PollerState State { get; }

    public Task Run { get; private set; } = Task.CompletedTask;

    /// <summary>A bound on every wait in these tests: they never sleep, but a bug must not hang them.</summary>
    public static CancellationToken Guard => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    /// <param name="beforeStart">Sets the queue up before the loop first looks at it.</param>
    public static PollLoopHarness Start(PollerOptions? options = null, Random? random = null, Action<FakeQueue>? beforeStart = null)
    {
        var harness = new PollLoopHarness(options ?? new PollerOptions(), random ?? new Random(1));
        beforeStart?.Invoke(harness.Queue);
        harness.Run = Task.Run(() => harness.Loop.RunAsync(harness._stopping.Token));
        return harness;
    }

    public async Task<(int MaxMessages, DateTimeOffset At)> NextReceiveAsync() => await Queue.Receives.Reader.ReadAsync(Guard);

    public async Task<IReadOnlyList<string>> NextDeleteAsync() => await Queue.Deletes.Reader.ReadAsync(Guard);

    public async Task<(IReadOnlyList<string> Handles, TimeSpan Visibility)> NextVisibilityChangeAsync() =>
        await Queue.VisibilityChanges.Reader.ReadAsync(Guard);

    /// <summary>Completes once the loop has settled each of these messages (the event of its outcome names it).</summary>
    public Task SettledAsync(params IEnumerable<ReceivedMessage> messages) => Task.WhenAll(messages.Select(message =>
        Logs.WaitForAsync(
            entry => SettledEvents.All.Contains(entry.EventId.Name) && entry["MessageId"] == message.MessageId,
            TimeSpan.FromSeconds(10))));

    /// <summary>Lets the long poll now under way run out empty: waits until it is parked on the clock, then moves the clock.</summary>
    public async Task EndLongPollAsync()
    {
        await Clock.WaitForTimerAsync(Options.WaitTime, Guard);
        Clock.Advance(Options.WaitTime);
    }

    /// <summary>SIGTERM, as the host passes it on: stop receiving, drain.</summary>
    public Task StopAsync() => _stopping.CancelAsync();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await Run.WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (Exception)
        {
            // Tests that expect the run to fail assert it themselves.
        }

        _stopping.Dispose();
        _logging.Dispose();
        await _services.DisposeAsync();
    }
}

/// <summary>A Random whose draws are always the same fraction, so that a jittered delay is known in advance.</summary>
internal sealed class FixedRandom(double fraction) : Random
{
    public override double NextDouble() => fraction;

    protected override double Sample() => fraction;
}

using System.Diagnostics;
using EmailPipeline.TestCommon;

namespace EmailPipeline.FaultInjection;

/// <summary>One thing the run verified while a fault was on, and what it saw.</summary>
internal sealed record Check(string Claim, bool Passed, string Observation);

/// <summary>
/// The faults, each injected while the load runs, each followed by the checks of what the services must do meanwhile.
/// That nothing accepted was lost or duplicated is checked once, at the end, for all of them (<see cref="Account"/>).
/// </summary>
internal sealed class Faults(Pipeline pipeline, Load load)
{
    /// <summary>The Api's SQS budget (Publisher__Timeout, 5 s) and a second for the rest of the request.</summary>
    private static readonly TimeSpan AnswerBudget = TimeSpan.FromSeconds(6);

    private readonly List<Check> _checks = [];

    public IReadOnlyList<Check> Checks => _checks;

    public async Task KillConsumerRepeatedlyAsync(int times, TimeSpan every)
    {
        for (var i = 1; i <= times; i++)
        {
            await Task.Delay(every);
            var consumer = pipeline.Consumer;
            consumer.Process.Kill();
            await consumer.Process.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await consumer.DisposeAsync();
            await pipeline.StartConsumerAsync();
        }

        Log($"Consumer SIGKILLed {times} times, {every.TotalSeconds:0} s apart, restarted each time");
    }

    public async Task PauseS3Async(TimeSpan length)
    {
        var from = load.Now;
        await PauseAsync(pipeline.S3Endpoint.ProcessId, length);
        var window = SentBetween(from, load.Now);

        var accepted = window.Count(a => IsAccepted(a.Status));
        var failed = window.Count(a => a.Status is 0 or >= 500);
        Verify($"S3 down {length.TotalSeconds:0} s: the Api keeps accepting", accepted > 0 && failed == 0, $"{accepted} accepted, {failed} failed");
        var exited = pipeline.Consumer.Process.HasExited;
        Verify("S3 down: the Consumer keeps running", !exited, exited ? "it exited" : "it did");
    }

    public async Task PauseSqsAsync(TimeSpan length)
    {
        var from = load.Now;
        await PauseAsync(pipeline.SqsEndpoint.ProcessId, length);
        var to = load.Now;

        // Answered while SQS was frozen: nothing can have been acknowledged.
        var answeredDuring = load.Attempts.Where(a => a.SentAt > from && a.SentAt + a.Took < to).ToList();
        var lies = answeredDuring.Count(a => IsAccepted(a.Status));
        var unavailable = answeredDuring.Count(a => a.Status == 503);
        var slowest = answeredDuring.Count == 0 ? TimeSpan.Zero : answeredDuring.Max(a => a.Took);
        Verify($"SQS down {length.TotalSeconds:0} s: no 2xx without an SQS acknowledgement", lies == 0, $"{lies} of {answeredDuring.Count} answered 2xx");
        Verify(
            $"SQS down: every request answered 503 with Retry-After within {AnswerBudget.TotalSeconds:0} s",
            answeredDuring.Count > 0 && unavailable == answeredDuring.Count && answeredDuring.All(a => a.HasRetryAfter) && slowest <= AnswerBudget,
            $"{unavailable} of {answeredDuring.Count} answered 503, slowest in {slowest.TotalSeconds:0.0} s");

        var hung = load.Attempts.Count(a => a.SentAt > from && a.Status == 0 && a.Took >= Load.HungAfter - TimeSpan.FromSeconds(1));
        Verify("SQS down: no request hung", hung == 0, $"{hung} hung");

        var recovered = await WaitForAsync(() => load.Attempts.Where(a => a.SentAt >= to && IsAccepted(a.Status)).Select(a => (TimeSpan?)(a.SentAt + a.Took)).Min(), TimeSpan.FromSeconds(20));
        Verify("SQS back: the Api accepts again by itself", recovered is not null, recovered is { } at ? $"first 2xx {(at - to).TotalSeconds:0.0} s after" : "no 2xx within 20 s");
    }

    public async Task PauseSsmAsync(TimeSpan length)
    {
        var from = load.Now;
        List<Attempt> cold = [];
        await PauseAsync(pipeline.SsmEndpoint.ProcessId, length, async () =>
        {
            // A new Api has no token yet: it cannot tell a right one from a wrong one.
            var fresh = await pipeline.StartApiAsync(port: MotoServer.FreePort(), replaceCurrent: false);
            await using (fresh)
            {
                cold = [.. await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => load.SendOneAsync(load.Token, fresh.Address)))];
            }
        });

        var window = SentBetween(from, load.Now).Where(a => !cold.Contains(a)).ToList();
        var accepted = window.Count(a => IsAccepted(a.Status));
        Verify(
            $"SSM down {length.TotalSeconds:0} s, token cached: requests keep flowing",
            accepted > 0 && accepted == window.Count,
            $"{accepted} of {window.Count} accepted");
        Verify(
            $"SSM down, no token cached (a new Api): 503 within {AnswerBudget.TotalSeconds:0} s",
            cold.Count == 3 && cold.All(a => a.Status == 503 && a.Took <= AnswerBudget),
            string.Join(", ", cold.Select(a => $"{Describe(a.Status)} in {a.Took.TotalSeconds:0.0} s")));
    }

    /// <summary>
    /// A new Api started while SQS accepts connections and never answers: it comes up, answers 503 with Retry-After,
    /// then accepts once SQS answers, never exiting meanwhile.
    /// </summary>
    public async Task StartApiWhileSqsHangsAsync()
    {
        await using var hanging = new FaultyEndpoint(pipeline.SqsEndpoint.Endpoint, Fault.Hang);
        await using var fresh = await pipeline.StartApiAsync(port: MotoServer.FreePort(), replaceCurrent: false, sqs: hanging.Endpoint);
        var during = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => load.SendOneAsync(load.Token, fresh.Address)));
        Verify(
            $"Api started while SQS hangs: it comes up and answers 503 with Retry-After within {AnswerBudget.TotalSeconds:0} s",
            during.All(a => a.Status == 503 && a.HasRetryAfter && a.Took <= AnswerBudget),
            string.Join(", ", during.Select(a => $"{Describe(a.Status)}{(a.HasRetryAfter ? " with Retry-After" : "")} in {a.Took.TotalSeconds:0.0} s")));

        hanging.Fault = Fault.None;
        var from = load.Now;
        var accepted = await WaitForAsync(async () => IsAccepted((await load.SendOneAsync(load.Token, fresh.Address)).Status) ? load.Now : (TimeSpan?)null, TimeSpan.FromSeconds(60));
        Verify("SQS answers again: that Api accepts, without a restart", accepted is not null, Since(accepted, from, "60 s"));
        var exited = fresh.Process.HasExited;
        Verify("SQS hanging at start: the Api never exits", !exited, exited ? "it exited" : "it kept running");
    }

    public async Task TerminateApiAsync()
    {
        var api = pipeline.Api;
        // A burst on top of the steady load, so that requests are in flight when the signal lands.
        var burst = Enumerable.Range(0, 40).Select(_ => load.SendOneAsync(load.Token)).ToList();
        await Task.Delay(TimeSpan.FromMilliseconds(5));
        var from = load.Now;
        api.Process.Terminate();
        var exitCode = await api.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var to = load.Now;
        await Task.WhenAll(burst);
        await api.DisposeAsync();
        await pipeline.StartApiAsync();

        var inFlight = load.Attempts.Where(a => a.SentAt < from && a.SentAt + a.Took > from).ToList();
        var dropped = inFlight.Count(a => a.Status is not (>= 200 and < 300) and not (>= 500));
        Verify(
            "Api SIGTERMed under load: it drains and exits 0; in-flight requests get 2xx or 5xx",
            exitCode == 0 && dropped == 0,
            $"exit code {exitCode} after {(to - from).TotalSeconds:0.0} s; in flight: {inFlight.Count(a => IsAccepted(a.Status))} 2xx, {inFlight.Count(a => a.Status >= 500)} 5xx, {dropped} without an answer");
    }

    public async Task TerminateConsumerAsync()
    {
        var consumer = pipeline.Consumer;
        var from = load.Now;
        consumer.Process.Terminate();
        var exitCode = await consumer.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        var took = load.Now - from;
        var (_, inFlight) = await pipeline.CountMessagesAsync(pipeline.QueueUrl);
        await consumer.DisposeAsync();
        await pipeline.StartConsumerAsync();

        Verify(
            "Consumer SIGTERMed mid-batch: exits 0, no message left invisible until its visibility timeout",
            exitCode == 0 && inFlight == 0,
            $"exit code {exitCode} after {took.TotalSeconds:0.0} s; {inFlight} messages still in flight");
    }

    public async Task RotateTokenAsync(string newToken)
    {
        var grace = Pipeline.TokenRotationGrace;
        var oldToken = load.Token;
        await pipeline.PutTokenAsync(newToken);
        var from = load.Now;

        var newWorks = await WaitForAsync(async () => IsAccepted((await load.SendOneAsync(newToken)).Status) ? load.Now : (TimeSpan?)null, TimeSpan.FromSeconds(75));
        load.Token = newToken;
        var oldStillWorks = IsAccepted((await load.SendOneAsync(oldToken)).Status) ? load.Now : (TimeSpan?)null;
        var oldRefused = await WaitForAsync(async () => (await load.SendOneAsync(oldToken)).Status == 401 ? load.Now : (TimeSpan?)null, grace + TimeSpan.FromSeconds(75));

        Verify("Token rotated in SSM: the new one works within 60 s", newWorks is { } n && n - from <= TimeSpan.FromSeconds(60), Since(newWorks, from));
        Verify(
            $"Token rotated in SSM: the old one still works once the new one does (grace {grace.TotalSeconds:0} s)",
            oldStillWorks is { } w && w - from < grace,
            oldStillWorks is null ? "refused" : $"accepted {(oldStillWorks.Value - from).TotalSeconds:0.0} s after the rotation");
        // The grace runs from the version's time in SSM, a moment before `from`; probes are 1 s apart.
        Verify(
            "Token rotated in SSM: the old one stops when its grace ends",
            oldRefused is { } o && o - from >= grace - TimeSpan.FromSeconds(2) && o - from <= grace + TimeSpan.FromSeconds(10),
            Since(oldRefused, from, $"{(grace + TimeSpan.FromSeconds(75)).TotalSeconds:0} s"));
    }

    public static bool IsAccepted(int status) => status is >= 200 and < 300;

    public static string Describe(int status) => status == 0 ? "no answer" : status.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Since(TimeSpan? at, TimeSpan from, string within = "75 s") =>
        at is { } value ? $"after {(value - from).TotalSeconds:0.0} s" : $"not within {within}";

    /// <summary>Freezes a process for <paramref name="length"/>, doing <paramref name="meanwhile"/> (within it or not).</summary>
    private static async Task PauseAsync(int processId, TimeSpan length, Func<Task>? meanwhile = null)
    {
        var paused = Stopwatch.StartNew();
        Signals.Send(processId, Signals.Stop);
        try
        {
            if (meanwhile is not null)
            {
                await meanwhile();
            }

            if (length - paused.Elapsed is { Ticks: > 0 } remaining)
            {
                await Task.Delay(remaining);
            }
        }
        finally
        {
            Signals.Send(processId, Signals.Continue);
        }
    }

    private static Task<TimeSpan?> WaitForAsync(Func<TimeSpan?> found, TimeSpan timeout) =>
        WaitForAsync(() => Task.FromResult(found()), timeout);

    private static async Task<TimeSpan?> WaitForAsync(Func<Task<TimeSpan?>> found, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await found() is { } at)
            {
                return at;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        return null;
    }

    private List<Attempt> SentBetween(TimeSpan from, TimeSpan to) => [.. load.Attempts.Where(a => a.SentAt >= from && a.SentAt < to)];

    private void Verify(string claim, bool passed, string observation)
    {
        _checks.Add(new Check(claim, passed, observation));
        Console.WriteLine($"  {(passed ? "ok  " : "FAIL")} {claim}: {observation}");
    }

    private static void Log(string text) => Console.WriteLine($"  ..   {text}");
}

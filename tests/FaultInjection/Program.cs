using System.Globalization;
using EmailPipeline.FaultInjection;
using EmailPipeline.TestCommon;

// The fault-injection suite (README, Reliability): faults injected into a running pipeline under a steady load of
// distinct emails, then an account of every accepted email. Exit code 0 when every check held and nothing
// accepted was lost or duplicated, 1 otherwise, 2 for a bad command line.
var options = args.Select((arg, i) => (arg, i)).ToDictionary(a => a.arg, a => a.i + 1 < args.Length ? args[a.i + 1] : "");
var known = new[] { "--short", "--emails", "--rate", "--api", "--consumer" };
if (args.Where(a => a.StartsWith("--", StringComparison.Ordinal)).FirstOrDefault(a => !known.Contains(a)) is { } unknown)
{
    await Console.Error.WriteLineAsync($"Unknown option {unknown}. Usage: FaultInjection [--short] [--emails N] [--rate PER_SECOND] [--api DLL|EXECUTABLE] [--consumer DLL|EXECUTABLE]");
    return 2;
}

var isShort = options.ContainsKey("--short");
var minimumEmails = options.TryGetValue("--emails", out var emails) ? int.Parse(emails, CultureInfo.InvariantCulture) : isShort ? 1_000 : 10_000;
var rate = options.TryGetValue("--rate", out var perSecond) ? double.Parse(perSecond, CultureInfo.InvariantCulture) : isShort ? 25 : 80;
var apiAssembly = Path.GetFullPath(options.GetValueOrDefault("--api") ?? RepositoryPaths.HostAssembly("Api"));
var consumerAssembly = Path.GetFullPath(options.GetValueOrDefault("--consumer") ?? RepositoryPaths.HostAssembly("Consumer"));

var runId = Guid.NewGuid().ToString("N")[..8];
var logs = Path.Combine(RepositoryPaths.Root, ".local", "fault-injection", runId);
Directory.CreateDirectory(logs);

Console.WriteLine($"Fault injection ({(isShort ? "short" : "full")}): at least {minimumEmails:N0} distinct emails at {rate:0} a second; service logs in {logs}");
Console.WriteLine("Starting SQS (fauxqs), S3 (moto) and SSM (moto) as separate loopback endpoints, then the Api and the Consumer...");
await using var pipeline = await Pipeline.StartAsync(apiAssembly, consumerAssembly, DevelopmentToken.Value, logs);
await pipeline.StartApiAsync();
await pipeline.StartConsumerAsync();

using var load = new Load(pipeline.Api.Address, runId, rate, DevelopmentToken.Value);
using var stopLoad = new CancellationTokenSource();
var loading = load.RunAsync(stopLoad.Token);
var faults = new Faults(pipeline, load);
var gap = TimeSpan.FromSeconds(3);

Console.WriteLine("Injecting faults under load:");
await Task.Delay(gap);
await faults.KillConsumerRepeatedlyAsync(times: isShort ? 3 : 6, every: TimeSpan.FromSeconds(3));
await Task.Delay(gap);
await faults.PauseS3Async(TimeSpan.FromSeconds(10));
await Task.Delay(gap);
await faults.PauseSqsAsync(TimeSpan.FromSeconds(10));
await Task.Delay(gap);
if (!isShort)
{
    await faults.PauseSsmAsync(TimeSpan.FromSeconds(10));
    await Task.Delay(gap);
}

await faults.StartApiWhileSqsHangsAsync();
await Task.Delay(gap);
await faults.TerminateApiAsync();
await Task.Delay(gap);
await faults.TerminateConsumerAsync();
if (!isShort)
{
    await Task.Delay(gap);
    await faults.RotateTokenAsync("rotated-" + Guid.NewGuid().ToString("N"));
}

while (load.Attempts.Count < minimumEmails)
{
    await Task.Delay(200);
}

await stopLoad.CancelAsync();
await loading;
Console.WriteLine($"Load stopped after {load.Attempts.Count:N0} emails; waiting for the queue to drain...");
await DrainAsync();

var account = await Account.TakeAsync(pipeline, load, runId);
var (deadLetters, deadLettersInFlight) = await pipeline.CountMessagesAsync(pipeline.DeadLetterQueueUrl);
// Asked once, with the time the load balancer's and the container's health checks give (terraform/modules).
var healthCheckTimeout = TimeSpan.FromSeconds(5);
var apiHealthy = await HttpProbe.AnswersAsync(new Uri(pipeline.Api.Address, "/health/ready"), healthCheckTimeout);
var consumerHealthy = await HttpProbe.AnswersAsync(new Uri(pipeline.Consumer.Address, "/health"), healthCheckTimeout);
var failedChecks = faults.Checks.Where(c => !c.Passed).ToList();
var passed = account.Balanced && failedChecks.Count == 0 && deadLetters + deadLettersInFlight == 0 && apiHealthy && consumerHealthy;

Console.WriteLine();
Console.WriteLine($"Checks: {faults.Checks.Count - failedChecks.Count} of {faults.Checks.Count} held{string.Concat(failedChecks.Select(c => $"\n  FAIL {c.Claim}: {c.Observation}"))}");
Console.WriteLine($"Dead-letter queue: {deadLetters + deadLettersInFlight} messages. Api ready: {(apiHealthy ? "yes" : "NO")}. Consumer healthy: {(consumerHealthy ? "yes" : "NO")}.");
Console.WriteLine(passed ? "PASSED" : "FAILED");
Console.WriteLine();
foreach (var line in account.Lines())
{
    Console.WriteLine(line);
}

return passed ? 0 : 1;

// Until the queue is empty and nothing is in flight, or nothing has moved for a minute.
async Task DrainAsync()
{
    var lastChange = DateTime.UtcNow;
    var last = (-1, -1, -1);
    while (DateTime.UtcNow - lastChange < TimeSpan.FromSeconds(60))
    {
        var (visible, inFlight) = await pipeline.CountMessagesAsync(pipeline.QueueUrl);
        var objects = (await Account.ListKeysAsync(pipeline)).Count;
        if (visible + inFlight == 0)
        {
            Console.WriteLine($"  drained: {objects:N0} objects in the bucket");
            return;
        }

        if ((visible, inFlight, objects) != last)
        {
            last = (visible, inFlight, objects);
            lastChange = DateTime.UtcNow;
            Console.WriteLine($"  {visible:N0} queued, {inFlight:N0} in flight, {objects:N0} objects in the bucket");
        }

        await Task.Delay(TimeSpan.FromSeconds(3));
    }

    Console.WriteLine("  the queue stopped draining");
}

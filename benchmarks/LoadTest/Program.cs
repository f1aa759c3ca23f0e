using System.Diagnostics;
using System.Globalization;
using Amazon.S3.Model;
using Amazon.SQS.Model;
using EmailPipeline.Domain.Emails;
using EmailPipeline.LoadTest;
using EmailPipeline.TestCommon;

// The throughput benchmark of the two services, as published, on this machine: see README, Performance.
Settings settings;
try
{
    settings = Settings.Parse(args);
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return 2;
}

// The bulk level's connections: it is compared with the single-email level at as many.
const int BulkConnections = 32;

var logs = Path.Combine(RepositoryPaths.Root, ".local", "benchmark");
Directory.CreateDirectory(logs);

Console.WriteLine("Starting fauxqs (SQS, S3) and moto (SSM) on loopback...");
await using var fauxqs = await FauxqsServer.StartAsync();
await using var moto = new MotoServer();
await moto.InitializeAsync();
var endpoints = new AwsEndpoints(fauxqs.Endpoint, fauxqs.Endpoint, moto.Endpoint);
using var aws = new AwsResources(endpoints);
using var sqs = endpoints.CreateSqsClient();
using var s3 = endpoints.CreateS3Client();
var tokenParameter = await aws.PutTokenAsync(DevelopmentToken.Value);

var figures = new Figures();
for (var run = 1; run <= settings.Runs; run++)
{
    if (settings.Only != "consumer")
    {
        Console.WriteLine($"Run {run} of {settings.Runs}: the Api");
        await MeasureApiAsync(run);
    }

    if (settings.Only != "api")
    {
        foreach (var count in settings.Consumers)
        {
            Console.WriteLine($"Run {run} of {settings.Runs}: {count} Consumer{(count == 1 ? "" : "s")} on one queue ({settings.Prefill:N0} queued emails)");
            await MeasureConsumersAsync(run, count);
        }
    }
}

Console.WriteLine();
Console.WriteLine($"Machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; load generator and emulators on the same cores.");
Console.WriteLine();
Console.WriteLine(figures.ToTable(settings.Runs));
if (settings.JsonOutput is not null)
{
    await File.WriteAllTextAsync(settings.JsonOutput, figures.ToJson());
}

// Every figure, from every run, as a number: what the smoke run in the test suite checks.
// The bulk level's five and the peak RSS after it, and its two ratios when the single-email level at the same
// connections was measured.
var bulkFigures = 6 + (settings.Connections.Contains(BulkConnections) ? 2 : 0);
var expected = (settings.Only == "consumer" ? 0 : 2 + (6 * settings.Connections.Length) + bulkFigures)
    + (settings.Only == "api" ? 0 : (6 * settings.Consumers.Length) + (settings.Consumers.Contains(1) ? 2 : 0));
var incomplete = figures.All.Where(f => f.Values.Count != settings.Runs || f.Values.Any(v => !double.IsFinite(v))).Select(f => f.Name).ToList();
if (figures.All.Count != expected || incomplete.Count > 0)
{
    await Console.Error.WriteLineAsync($"benchmark: {figures.All.Count} of {expected} figures produced; not a number in every run: {string.Join(", ", incomplete)}");
    return 1;
}

// An email archived twice or not at all is a failure of the pipeline, not a slow figure.
if (figures.All.Where(f => f.Name.StartsWith("Consumer: lost", StringComparison.Ordinal) || f.Name.StartsWith("Consumer: duplicate", StringComparison.Ordinal))
    .FirstOrDefault(f => f.Values.Any(v => v > 0)) is { } failed)
{
    await Console.Error.WriteLineAsync($"benchmark: {failed.Name}: {string.Join(", ", failed.Values)}");
    return 1;
}

return 0;

async Task MeasureApiAsync(int run)
{
    var queueUrl = (await aws.CreateQueueAsync()).Url;
    var started = Stopwatch.StartNew();
    await using var api = RunningService.Start(
        ServiceKind.Api, settings.ApiAssembly, Variables(ServiceKind.Api, queueUrl, bucket: ""), outputFile: Path.Combine(logs, $"api-{run}.log"));
    await WaitUntilLiveAsync(api);
    figures.Record("Api: start to healthy", "s", started.Elapsed.TotalSeconds, "≤ 1.5");

    var url = new Uri(api.Address, "/api/email");
    await Wrk.RunAsync(url, 32, settings.Warmup, DevelopmentToken.Value);
    (double EmailsPerSecond, double CpuPer1000)? single32 = null;
    foreach (var connections in settings.Connections)
    {
        // Each level starts from an empty queue: the emulator holds every message in memory.
        await sqs.PurgeQueueAsync(queueUrl);
        var accepted = await api.MetricAsync("api_requests_total", "status=\"202\"");
        var batches = await api.MetricAsync("sqs_requests_total", "operation=\"SendMessageBatch\"");
        var cpu = await api.MetricAsync("process_cpu_seconds_total");

        var result = await Wrk.RunAsync(url, connections, settings.Duration, DevelopmentToken.Value);

        var acceptedDuring = await api.MetricAsync("api_requests_total", "status=\"202\"") - accepted;
        var batchesDuring = await api.MetricAsync("sqs_requests_total", "operation=\"SendMessageBatch\"") - batches;
        var cpuDuring = await api.MetricAsync("process_cpu_seconds_total") - cpu;
        var at = $"{connections} connection{(connections == 1 ? "" : "s")}";
        figures.Record($"Api: accepted emails/s, {at}", "1/s", acceptedDuring / settings.Duration.TotalSeconds, connections == 32 ? "≥ 10,000" : null);
        figures.Record($"Api: p50 latency, {at}", "ms", result.P50Ms);
        figures.Record($"Api: p99 latency, {at}", "ms", result.P99Ms, connections switch { 1 => "≤ 5", 32 => "≤ 20", _ => null });
        figures.Record($"Api: max latency, {at}", "ms", result.MaxMs);
        figures.Record($"Api: SQS requests per accepted email, {at}", "", batchesDuring / Math.Max(1, acceptedDuring), connections == 32 ? "≤ 0.15" : null);
        figures.Record($"Api: CPU per 1,000 emails, {at}", "s", cpuDuring / Math.Max(1, acceptedDuring) * 1000, connections == 32 ? "≤ 0.08" : null);
        if (acceptedDuring < result.Requests * 0.99)
        {
            Console.WriteLine($"  note: {result.Requests - acceptedDuring:N0} of {result.Requests:N0} requests at {at} were not accepted");
        }

        if (connections == BulkConnections)
        {
            single32 = (acceptedDuring / settings.Duration.TotalSeconds, cpuDuring / Math.Max(1, acceptedDuring) * 1000);
        }
    }

    // Peak RSS twice: after the single-email levels (what the target is for), and after the bulk level, whose
    // requests hold a hundred emails each.
    figures.Record("Api: peak RSS, single-email levels", "MiB", PeakResident.Megabytes(api.Process.Id), "≤ 60");
    await MeasureBulkAsync(api, queueUrl, single32);
    figures.Record("Api: peak RSS, bulk level included", "MiB", PeakResident.Megabytes(api.Process.Id));
    api.Process.Terminate();
    await api.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
    await sqs.DeleteQueueAsync(queueUrl);
}

// The bulk level: POST /api/emails at 32 connections, settings.BulkSize emails per request, beside the single-email
// level at 32 connections of the same run.
async Task MeasureBulkAsync(RunningService api, string queueUrl, (double EmailsPerSecond, double CpuPer1000)? single)
{
    var url = new Uri(api.Address, "/api/emails");
    var size = settings.BulkSize;
    // Its own warm-up: the bulk path's code is compiled and tiered up like the single one's was.
    await Wrk.RunAsync(url, BulkConnections, settings.Warmup, DevelopmentToken.Value, size);
    await sqs.PurgeQueueAsync(queueUrl);
    var accepted = await api.MetricAsync("api_bulk_emails_total", "status=\"202\"");
    var batches = await api.MetricAsync("sqs_requests_total", "operation=\"SendMessageBatch\"");
    var cpu = await api.MetricAsync("process_cpu_seconds_total");

    var result = await Wrk.RunAsync(url, BulkConnections, settings.Duration, DevelopmentToken.Value, size);

    var acceptedDuring = await api.MetricAsync("api_bulk_emails_total", "status=\"202\"") - accepted;
    var batchesDuring = await api.MetricAsync("sqs_requests_total", "operation=\"SendMessageBatch\"") - batches;
    var cpuDuring = await api.MetricAsync("process_cpu_seconds_total") - cpu;
    var at = $"{BulkConnections} connections × {size} emails";
    var emailsPerSecond = acceptedDuring / settings.Duration.TotalSeconds;
    var cpuPer1000 = cpuDuring / Math.Max(1, acceptedDuring) * 1000;
    figures.Record($"Api bulk: accepted emails/s, {at}", "1/s", emailsPerSecond);
    figures.Record($"Api bulk: p50 latency per request, {at}", "ms", result.P50Ms);
    figures.Record($"Api bulk: p99 latency per request, {at}", "ms", result.P99Ms);
    figures.Record($"Api bulk: SQS requests per accepted email, {at}", "", batchesDuring / Math.Max(1, acceptedDuring));
    figures.Record($"Api bulk: CPU per 1,000 emails, {at}", "s", cpuPer1000);
    if (single is { } one)
    {
        figures.Record($"Api bulk: emails/s ÷ single-email's at {BulkConnections} connections", "×", emailsPerSecond / one.EmailsPerSecond, "≥ 5");
        figures.Record($"Api bulk: CPU per 1,000 emails ÷ single-email's at {BulkConnections} connections", "×", cpuPer1000 / one.CpuPer1000, "≤ 0.2");
    }

    if (acceptedDuring < result.Requests * size * 0.99)
    {
        Console.WriteLine($"  note: {(result.Requests * size) - acceptedDuring:N0} of {result.Requests * size:N0} emails at {at} were not accepted");
    }
}

// Drains a pre-filled queue with `count` Consumers on it at once (competing consumers, as autoscaling runs them):
// the clock runs from the last one healthy until the queue is empty; then every email must be in the bucket once.
async Task MeasureConsumersAsync(int run, int count)
{
    var queueUrl = (await aws.CreateQueueAsync()).Url;
    var bucket = await aws.CreateBucketAsync();
    var expected = await PrefillAsync(queueUrl, settings.Prefill);

    var started = Stopwatch.StartNew();
    var consumers = new List<RunningService>();
    try
    {
        for (var i = 1; i <= count; i++)
        {
            consumers.Add(RunningService.Start(
                ServiceKind.Consumer, settings.ConsumerAssembly, Variables(ServiceKind.Consumer, queueUrl, bucket),
                outputFile: Path.Combine(logs, $"consumer-{run}-{count}-{i}.log")));
        }

        foreach (var consumer in consumers)
        {
            await WaitUntilLiveAsync(consumer);
        }

        var at = $"{count} Consumer{(count == 1 ? "" : "s")}";
        if (count == 1)
        {
            figures.Record("Consumer: start to healthy", "s", started.Elapsed.TotalSeconds, "≤ 1.5");
        }

        var cpu = await SumAsync(consumers, "process_cpu_seconds_total");
        var draining = Stopwatch.StartNew();
        while (await SumAsync(consumers, "sqs_messages_processed_total") < settings.Prefill || await QueuedAsync(queueUrl) > 0)
        {
            if (draining.Elapsed > TimeSpan.FromMinutes(15))
            {
                throw new TimeoutException($"{at} did not drain {settings.Prefill:N0} emails in 15 minutes.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }

        var elapsed = draining.Elapsed.TotalSeconds;
        var cpuDuring = await SumAsync(consumers, "process_cpu_seconds_total") - cpu;
        // Each PutObject, plus a GetObject for a redelivery found archived or a key held by another email (its
        // PutObject answered 412, the objects are compared, a collision is written again under its content hash).
        var s3Requests = await SumAsync(consumers, "s3_uploads_success_total") + await SumAsync(consumers, "s3_uploads_failed_total")
            + (2 * await SumAsync(consumers, "s3_archive_duplicates_total")) + (2 * await SumAsync(consumers, "s3_archive_collisions_total"));
        figures.Record($"Consumer: archived emails/s, {at}", "1/s", settings.Prefill / elapsed, count == 1 ? "≥ 1,500" : null);
        figures.Record($"Consumer: SQS requests per archived email, {at}", "", await SumAsync(consumers, "sqs_requests_total") / settings.Prefill, "≤ 0.25");
        figures.Record($"Consumer: S3 requests per archived email, {at}", "", s3Requests / settings.Prefill);
        figures.Record($"Consumer: CPU per 1,000 archived, {at}", "s", cpuDuring / settings.Prefill * 1000, "≤ 0.5");
        if (count == 1)
        {
            figures.Record("Consumer: peak RSS", "MiB", PeakResident.Megabytes(consumers[0].Process.Id), "≤ 50");
        }

        foreach (var consumer in consumers)
        {
            consumer.Process.Terminate();
        }

        foreach (var consumer in consumers)
        {
            await consumer.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        var archived = await EmptyBucketAsync(bucket);
        figures.Record($"Consumer: lost emails, {at}", "", expected.Count(key => !archived.Contains(key)), "0");
        figures.Record($"Consumer: duplicate objects, {at}", "", archived.Count(key => !expected.Contains(key)), "0");
    }
    finally
    {
        foreach (var consumer in consumers)
        {
            await consumer.DisposeAsync();
        }
    }

    await s3.DeleteBucketAsync(bucket);
    await sqs.DeleteQueueAsync(queueUrl);
}

async Task<double> SumAsync(IEnumerable<RunningService> services, string family)
{
    var total = 0.0;
    foreach (var service in services)
    {
        total += await service.MetricAsync(family);
    }

    return total;
}

// Visible and in-flight messages: 0 once every email has been archived and deleted.
async Task<int> QueuedAsync(string queueUrl)
{
    var attributes = await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]);
    return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
}

// Queues `count` distinct emails; returns the key each one must be archived under (ArchiveKey, the Consumer's rule).
async Task<HashSet<string>> PrefillAsync(string queueUrl, int count)
{
    const string Subject = "Queued", Timestream = "1693561101";
    string Sender(int i) => $"queued-{i}@example.org";
    string Content(int i) => $"Email {i}, queued before the Consumer started.";
    var batches = Enumerable.Range(0, (count + 9) / 10).ToList();
    await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (batch, token) =>
    {
        var entries = Enumerable.Range(batch * 10, Math.Min(10, count - (batch * 10))).Select(i => new SendMessageBatchRequestEntry
        {
            Id = i.ToString(CultureInfo.InvariantCulture),
            MessageBody = $$"""{"email_subject":"{{Subject}}","email_sender":"{{Sender(i)}}","email_timestream":"{{Timestream}}","email_content":"{{Content(i)}}"}""",
        }).ToList();
        var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = queueUrl, Entries = entries }, token);
        if (response.Failed is { Count: > 0 })
        {
            throw new InvalidOperationException($"Pre-filling the queue failed: {response.Failed[0].Message}");
        }
    });
    return [.. Enumerable.Range(0, count).Select(i => ArchiveKey.For(Email.Create(Subject, Sender(i), Timestream, Content(i))).Value)];
}

// Deletes every object (the emulator keeps them in memory) and says which keys there were.
async Task<HashSet<string>> EmptyBucketAsync(string bucket)
{
    var keys = new HashSet<string>(StringComparer.Ordinal);
    while (true)
    {
        var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        if (page.S3Objects is not { Count: > 0 } objects)
        {
            return keys;
        }

        keys.UnionWith(objects.Select(o => o.Key));
        await s3.DeleteObjectsAsync(new DeleteObjectsRequest
        {
            BucketName = bucket,
            Objects = [.. objects.Select(o => new KeyVersion { Key = o.Key })],
        });
    }
}

// Polled finely: the time it takes is one of the figures.
Task WaitUntilLiveAsync(RunningService service) => service.WaitUntilLiveAsync(TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(10));

IEnumerable<KeyValuePair<string, string?>> Variables(ServiceKind service, string queueUrl, string bucket) =>
    new PipelineResources(queueUrl, DeadLetterQueueUrl: "", bucket, tokenParameter).VariablesFor(service).Concat(endpoints.Variables);

using System.Diagnostics;
using System.Globalization;
using Amazon.S3.Model;
using Amazon.SQS.Model;
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
        Console.WriteLine($"Run {run} of {settings.Runs}: the Consumer ({settings.Prefill:N0} queued emails)");
        await MeasureConsumerAsync(run);
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
var expected = (settings.Only == "consumer" ? 0 : 2 + (6 * settings.Connections.Length)) + (settings.Only == "api" ? 0 : 4);
var incomplete = figures.All.Where(f => f.Values.Count != settings.Runs || f.Values.Any(v => !double.IsFinite(v))).Select(f => f.Name).ToList();
if (figures.All.Count != expected || incomplete.Count > 0)
{
    await Console.Error.WriteLineAsync($"benchmark: {figures.All.Count} of {expected} figures produced; not a number in every run: {string.Join(", ", incomplete)}");
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
        figures.Record($"Api: CPU per 1,000 emails, {at}", "s", cpuDuring / Math.Max(1, acceptedDuring) * 1000);
        if (acceptedDuring < result.Requests * 0.99)
        {
            Console.WriteLine($"  note: {result.Requests - acceptedDuring:N0} of {result.Requests:N0} requests at {at} were not accepted");
        }
    }

    figures.Record("Api: peak RSS", "MiB", PeakResident.Megabytes(api.Process.Id), "≤ 150");
    api.Process.Terminate();
    await api.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
    await sqs.DeleteQueueAsync(queueUrl);
}

async Task MeasureConsumerAsync(int run)
{
    var queueUrl = (await aws.CreateQueueAsync()).Url;
    var bucket = await aws.CreateBucketAsync();
    await PrefillAsync(queueUrl, settings.Prefill);

    var started = Stopwatch.StartNew();
    await using var consumer = RunningService.Start(
        ServiceKind.Consumer, settings.ConsumerAssembly, Variables(ServiceKind.Consumer, queueUrl, bucket), outputFile: Path.Combine(logs, $"consumer-{run}.log"));
    await WaitUntilLiveAsync(consumer);
    figures.Record("Consumer: start to healthy", "s", started.Elapsed.TotalSeconds, "≤ 1.5");

    var draining = Stopwatch.StartNew();
    await MetricsPage.WaitUntilAsync(consumer.Http, "sqs_messages_processed_total", archived => archived >= settings.Prefill, TimeSpan.FromMinutes(15));
    var elapsed = draining.Elapsed.TotalSeconds;
    var requests = await consumer.MetricAsync("sqs_requests_total");
    figures.Record("Consumer: archived emails/s", "1/s", settings.Prefill / elapsed, "≥ 1,500");
    figures.Record("Consumer: SQS requests per archived email", "", requests / settings.Prefill, "≤ 0.25");
    figures.Record("Consumer: peak RSS", "MiB", PeakResident.Megabytes(consumer.Process.Id), "≤ 120");
    consumer.Process.Terminate();
    await consumer.Process.WaitForExitAsync(TimeSpan.FromSeconds(30));

    var archived = await EmptyBucketAsync(bucket);
    if (archived != settings.Prefill)
    {
        throw new InvalidOperationException($"{archived:N0} objects in the bucket for {settings.Prefill:N0} emails.");
    }

    await s3.DeleteBucketAsync(bucket);
    await sqs.DeleteQueueAsync(queueUrl);
}

async Task PrefillAsync(string queueUrl, int count)
{
    var batches = Enumerable.Range(0, (count + 9) / 10).ToList();
    await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (batch, token) =>
    {
        var entries = Enumerable.Range(batch * 10, Math.Min(10, count - (batch * 10))).Select(i => new SendMessageBatchRequestEntry
        {
            Id = i.ToString(CultureInfo.InvariantCulture),
            MessageBody = $$"""{"email_subject":"Queued","email_sender":"queued-{{i}}@example.org","email_timestream":"1693561101","email_content":"Email {{i}}, queued before the Consumer started."}""",
        }).ToList();
        var response = await sqs.SendMessageBatchAsync(new SendMessageBatchRequest { QueueUrl = queueUrl, Entries = entries }, token);
        if (response.Failed is { Count: > 0 })
        {
            throw new InvalidOperationException($"Pre-filling the queue failed: {response.Failed[0].Message}");
        }
    });
}

// Deletes every object (the emulator keeps them in memory) and says how many there were.
async Task<int> EmptyBucketAsync(string bucket)
{
    var count = 0;
    while (true)
    {
        var page = await s3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = bucket });
        if (page.S3Objects is not { Count: > 0 } objects)
        {
            return count;
        }

        count += objects.Count;
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

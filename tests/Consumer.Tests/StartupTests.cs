using EmailPipeline.TestCommon;

namespace EmailPipeline.Consumer.Tests;

/// <summary>The built Consumer as a process: bad configuration stops it at start with exit code 2, naming the setting.</summary>
public sealed class StartupTests(MotoServer moto) : IDisposable
{
    private readonly AwsResources _aws = new(moto);

    [Theory]
    [InlineData("SQS_POLL_INTERVAL", "abc", "SQS_POLL_INTERVAL")]
    [InlineData("SQS_POLL_INTERVAL", "1e308", "SQS_POLL_INTERVAL")] // beyond what a pause can be
    [InlineData("SQS_POLL_INTERVAL", "5000000", "SQS_POLL_INTERVAL")]
    [InlineData("Consumer__MaxConcurrency", "many", "Consumer:MaxConcurrency")]
    [InlineData("Consumer__DrainTimeout", "00:00:00", "Consumer:DrainTimeout")] // read while the host is built
    [InlineData("Consumer__VisibilityTimeout", "00:00:00", "Consumer:VisibilityTimeout")]
    [InlineData("Consumer__QueueStatsInterval", "00:00:00", "Consumer:QueueStatsInterval")]
    [InlineData("Archive__CallTimeout", "00:00:00", "Archive:CallTimeout")] // would never be ready
    [InlineData("AWS__Timeout", "soon", "AWS settings")]
    public async Task Start_WithBadConfiguration_ExitsWithCode2_NamingTheSetting(string variable, string value, string named)
    {
        var environment = await GoodEnvironmentAsync();
        environment[variable] = value;

        await using var consumer = ServiceProcess.Start(RepositoryPaths.HostAssembly("Consumer"), environment);

        Assert.Equal(2, await consumer.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var error = Assert.Single(consumer.Messages, m => m.StartsWith("Configuration error:", StringComparison.Ordinal));
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    public void Dispose() => _aws.Dispose();

    private async Task<Dictionary<string, string?>> GoodEnvironmentAsync()
    {
        var queue = await _aws.CreateQueueAsync();
        return new Dictionary<string, string?>
        {
            ["SQS_QUEUE_URL"] = queue.Url,
            ["S3_BUCKET_NAME"] = await _aws.CreateBucketAsync(),
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
            ["AWS_REGION"] = MotoServer.Region,
            ["METRICS_PORT"] = MotoServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}

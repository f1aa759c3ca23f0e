using Amazon.SimpleSystemsManagement;
using Amazon.SQS;
using EmailPipeline.TestCommon;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmailPipeline.Api.FunctionalTests;

/// <summary>
/// The Api in memory, configured the way it is deployed (SQS_QUEUE_URL, SSM_TOKEN_PARAMETER, the AWS SDK's own
/// configuration pointing at moto), with a queue and a token parameter of its own.
/// </summary>
internal sealed class ApiFactory(MotoServer moto, string queueUrl, string? tokenParameter) : WebApplicationFactory<Program>
{
    private bool _onLoopback;

    /// <summary>Replaces a client the SDK would build with one a test built (pointing at a dead endpoint, say).</summary>
    public IAmazonSQS? Sqs { get; init; }

    public IAmazonSimpleSystemsManagement? Ssm { get; init; }

    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>
    /// Serves on Kestrel, on a free loopback port, instead of the in-memory test server: for what only a real server
    /// does (chunk framing, its limits, raw requests). Call before the first client is created.
    /// </summary>
    public void UseKestrelOnLoopback()
    {
        _onLoopback = true;
        UseKestrel();
    }

    /// <summary>Everything the Api logged.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    /// <summary>Completes once GET /health/ready answers 200: the queue and the token parameter can be used.</summary>
    public async Task WaitUntilReadyAsync()
    {
        using var client = CreateClient();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!(await client.GetAsync(new Uri("/health/ready", UriKind.Relative), deadline.Token)).IsSuccessStatusCode)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
        }
    }

    public static async Task<(ApiFactory Api, TestQueue Queue)> StartAsync(MotoServer moto, AwsResources aws, int? maximumMessageSize = null)
    {
        var queue = await aws.CreateQueueAsync(maximumMessageSize: maximumMessageSize);
        var parameter = await aws.PutTokenAsync(DevelopmentToken.Value);
        return (new ApiFactory(moto, queue.Url, parameter), queue);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("SQS_QUEUE_URL", queueUrl);
        builder.UseSetting("SSM_TOKEN_PARAMETER", tokenParameter);
        builder.UseSetting("AWS:ServiceURL", moto.Endpoint.ToString());
        builder.UseSetting("AWS:Region", MotoServer.Region);
        if (_onLoopback)
        {
            // ASP.NET Core's own setting, which the Api honours over its PORT.
            builder.UseSetting(WebHostDefaults.ServerUrlsKey, "http://127.0.0.1:0");
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        builder.ConfigureTestServices(services =>
        {
            if (Sqs is not null)
            {
                services.AddSingleton(Sqs);
            }

            if (Ssm is not null)
            {
                services.AddSingleton(Ssm);
            }
        });
    }
}

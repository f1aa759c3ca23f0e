using EmailPipeline.Application;
using EmailPipeline.Application.Emails.ArchiveEmail;
using EmailPipeline.Consumer.Archiving;
using EmailPipeline.Infrastructure;
using EmailPipeline.Infrastructure.Sqs.Polling;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EmailPipeline.Consumer.Tests.Archiving;

/// <summary>
/// The Consumer's archive path as the host wires it (Application, Infrastructure, the message processor) against
/// moto, with the poll loop running until stopped. Configured by the SPEC settings and the AWS SDK's own section.
/// </summary>
internal sealed class ConsumerHarness : IAsyncDisposable
{
    /// <summary>The event the Consumer logs for each message whose email is in S3, with its key and outcome.</summary>
    public const string ArchivedEvent = "Archived";

    private readonly ServiceProvider _services;
    private readonly CancellationTokenSource _stopping = new();

    private ConsumerHarness(ServiceProvider services, CapturingLoggerProvider logs)
    {
        _services = services;
        Logs = logs;
        Run = Task.Run(() => services.GetRequiredService<PollLoop>().RunAsync(_stopping.Token));
    }

    public CapturingLoggerProvider Logs { get; }

    public Task Run { get; }

    public static ConsumerHarness Start(
        MotoServer moto,
        string queueUrl,
        string bucket,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configure = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["SQS_QUEUE_URL"] = queueUrl,
                ["S3_BUCKET_NAME"] = bucket,
                ["AWS:ServiceURL"] = moto.Endpoint.ToString(),
                ["AWS:Region"] = MotoServer.Region,
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug))
            .AddApplication(typeof(ArchiveEmailCommand))
            .AddEmailArchiving(configuration)
            .AddScoped<IQueueMessageProcessor, ArchiveEmailMessageProcessor>();
        configure?.Invoke(services);

        return new ConsumerHarness(services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true }), logs);
    }

    /// <summary>Completes once <paramref name="count"/> messages have been archived (stored, or found already stored).</summary>
    public Task ArchivedAsync(int count, TimeSpan? timeout = null) =>
        Logs.WaitForAsync(e => e.EventId.Name == ArchivedEvent, count, timeout ?? TimeSpan.FromSeconds(30));

    /// <summary>SIGTERM, as the host passes it on; completes when the poller has drained.</summary>
    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        await Run.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        try
        {
            await Run.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception)
        {
            // Tests that expect the run to fail assert it themselves.
        }

        _stopping.Dispose();
        await _services.DisposeAsync();
    }
}

using EmailPipeline.Infrastructure.Messaging;

namespace EmailPipeline.Consumer.Archiving;

/// <summary>
/// Runs the queue poller for the life of the service. SIGTERM cancels <c>stoppingToken</c>: the poller stops
/// receiving and drains. A misconfiguration it cannot work around stops the service with exit code 1.
/// </summary>
internal sealed partial class QueuePollingService(
    QueuePoller poller, IHostApplicationLifetime lifetime, ILogger<QueuePollingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await poller.RunAsync(stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogFailed(logger, exception, exception.Message);
            Environment.ExitCode = 1;
            lifetime.StopApplication();
        }
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The Consumer cannot work as configured and is stopping: {Reason}")]
    private static partial void LogFailed(ILogger logger, Exception exception, string reason);
}

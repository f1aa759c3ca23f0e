using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EmailPipeline.Infrastructure.Sqs.Polling;

/// <summary>
/// Runs the <see cref="PollLoop"/> for the life of the service. SIGTERM cancels <c>stoppingToken</c>: the loop stops
/// receiving and drains. A misconfiguration it cannot work around stops the service with exit code 1.
/// </summary>
internal sealed partial class PollingService(
    IServiceProvider services, IHostApplicationLifetime lifetime, ILogger<PollingService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Resolved here, not injected: the host builds its hosted services before it validates options, and
            // the loop reads its own. Resolving after start lets validation report every bad setting at once.
            await services.GetRequiredService<PollLoop>().RunAsync(stoppingToken);
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

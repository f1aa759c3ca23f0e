using Mediator;
using Microsoft.Extensions.Logging;

namespace EmailPipeline.Application.Common.Behaviours;

/// <summary>Warns about any message that takes longer than <see cref="SlowThreshold"/> to handle, whatever its outcome.</summary>
internal sealed partial class TimingBehaviour<TMessage, TResponse>(
    TimeProvider clock, ILogger<TimingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public static readonly TimeSpan SlowThreshold = TimeSpan.FromMilliseconds(500);

    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        try
        {
            return await next(message, cancellationToken);
        }
        finally
        {
            var elapsed = clock.GetElapsedTime(started);
            if (elapsed > SlowThreshold)
            {
                LogSlow(logger, typeof(TMessage).Name, elapsed.TotalMilliseconds);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{MessageType} took {ElapsedMilliseconds:0} ms")]
    private static partial void LogSlow(ILogger logger, string messageType, double elapsedMilliseconds);
}

using Mediator;
using Microsoft.Extensions.Logging;

namespace EmailPipeline.Application.Common.Behaviours;

/// <summary>
/// Logs each message by its type name only: messages carry tokens and personal data, so their contents are never
/// logged. The hosts log one event per request or archived message; this is the finer, Debug-level trace.
/// </summary>
internal sealed partial class LoggingBehaviour<TMessage, TResponse>(ILogger<LoggingBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    // Read once: a native host decodes a type's name from its metadata every time it is asked, and the arguments
    // are evaluated before the logger says whether Debug is on.
    private static readonly string MessageType = typeof(TMessage).Name;

    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        LogHandling(logger, MessageType);
        var response = await next(message, cancellationToken);
        LogHandled(logger, MessageType);
        return response;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handling {MessageType}")]
    private static partial void LogHandling(ILogger logger, string messageType);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Handled {MessageType}")]
    private static partial void LogHandled(ILogger logger, string messageType);
}

using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Application.Emails.ArchiveEmail;
using EmailPipeline.Infrastructure.Sqs;
using EmailPipeline.Infrastructure.Sqs.Polling;
using FluentValidation;
using Mediator;

namespace EmailPipeline.Consumer.Archiving;

/// <summary>
/// Turns one queue message into the ArchiveEmail use case, and its result into what the poller should do: delete it
/// (archived), leave it for the dead-letter queue (poison), leave it to come back (a dependency failed), or stop the
/// service (misconfigured). Logs one event per message, never the email itself.
/// </summary>
internal sealed partial class ArchiveEmailMessageProcessor(ISender sender, ILogger<ArchiveEmailMessageProcessor> logger)
    : IQueueMessageProcessor
{
    public async Task<MessageOutcome> ProcessAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (EmailMessage.Parse(message.Body) is not { } email)
        {
            return EmailMessage.Unparseable;
        }

        try
        {
            var result = await sender.Send(new ArchiveEmailCommand(email, message.MessageId, message.ReceivedAt), cancellationToken);
            LogArchived(logger, message.MessageId, result.Key.Value, result.Outcome);
            return MessageOutcome.Completed;
        }
        catch (ValidationException exception)
        {
            return EmailMessage.Invalid(exception.Errors);
        }
        catch (DependencyUnavailableException exception)
        {
            return MessageOutcome.Retry(RetryReasons.Unavailable(exception.Dependency), exception.Message);
        }
        catch (DependencyMisconfiguredException exception)
        {
            return MessageOutcome.Fatal(exception);
        }
    }

    [LoggerMessage(EventName = "Archived", Level = LogLevel.Information, Message = "Archived message {MessageId} as {Key} ({Outcome})")]
    private static partial void LogArchived(ILogger logger, string messageId, string key, ArchiveOutcome outcome);
}

using EmailPipeline.Application.Abstractions;
using Mediator;

namespace EmailPipeline.Application.Emails.SubmitEmail;

internal sealed class SubmitEmailCommandHandler(IEmailQueue queue, TimeProvider clock)
    : ICommandHandler<SubmitEmailCommand, SubmitEmailResult>
{
    public async ValueTask<SubmitEmailResult> Handle(SubmitEmailCommand command, CancellationToken cancellationToken)
    {
        // Authenticated and validated by the pipeline behaviours by now.
        var email = command.Data!.ToEmail();
        var messageId = await queue.PublishAsync(new OutgoingEmail(email, clock.GetUtcNow()), cancellationToken);
        return new SubmitEmailResult(messageId);
    }
}

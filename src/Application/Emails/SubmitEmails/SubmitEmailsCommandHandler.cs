using EmailPipeline.Application.Abstractions;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Results;
using Mediator;

namespace EmailPipeline.Application.Emails.SubmitEmails;

/// <summary>
/// Validates each email with the rules of a single submission, named by its place in the request
/// (<c>emails[3].email_sender</c>), and publishes the valid ones together: the queue sends them in batches,
/// concurrently, and answers for each email on its own.
/// </summary>
internal sealed class SubmitEmailsCommandHandler(IEmailQueue queue, TimeProvider clock)
    : ICommandHandler<SubmitEmailsCommand, SubmitEmailsResult>
{
    private readonly EmailDocumentValidator _rules = new(submissionClock: clock);

    public async ValueTask<SubmitEmailsResult> Handle(SubmitEmailsCommand command, CancellationToken cancellationToken)
    {
        // Authenticated, and the count checked, by the pipeline behaviours by now.
        var receivedAt = clock.GetUtcNow();
        var outcomes = new EmailSubmission[command.Emails.Count];
        var valid = new List<int>(outcomes.Length);
        for (var i = 0; i < outcomes.Length; i++)
        {
            if (Validate(command.Emails[i], i) is { } invalid)
            {
                outcomes[i] = EmailSubmission.Refused(invalid);
            }
            else
            {
                valid.Add(i);
            }
        }

        if (valid.Count > 0)
        {
            var published = await queue.PublishAllAsync(
                [.. valid.Select(i => new OutgoingEmail(command.Emails[i]!.ToEmail(), receivedAt))], cancellationToken);
            for (var j = 0; j < valid.Count; j++)
            {
                outcomes[valid[j]] = published[j];
            }
        }

        return new SubmitEmailsResult(outcomes);
    }

    private ValidationException? Validate(EmailDocument? document, int index)
    {
        var path = new PropertyChain();
        path.Add(SubmitEmailsCommand.EmailsPath);
        path.AddIndexer(index);
        if (document is null)
        {
            var at = path.ToString();
            var failure = new ValidationFailure(at, $"{at} must be an email object.") { ErrorCode = EmailErrorCodes.InvalidType };
            return new ValidationException([failure]);
        }

        var result = _rules.Validate(new ValidationContext<EmailDocument>(document, path, ValidatorOptions.Global.ValidatorSelectors.DefaultValidatorSelectorFactory()));
        return result.IsValid ? null : new ValidationException(result.Errors);
    }
}

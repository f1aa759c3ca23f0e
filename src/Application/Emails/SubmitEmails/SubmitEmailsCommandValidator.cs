using FluentValidation;

namespace EmailPipeline.Application.Emails.SubmitEmails;

/// <summary>
/// The request as a whole: between one and <see cref="SubmitEmailsCommand.MaxEmails"/> emails. Each email's fields are
/// checked one email at a time by the handler, so that a bad email is that email's answer, not the request's.
/// </summary>
internal sealed class SubmitEmailsCommandValidator : AbstractValidator<SubmitEmailsCommand>
{
    public SubmitEmailsCommandValidator()
    {
        RuleFor(c => c.Emails.Count)
            .InclusiveBetween(1, SubmitEmailsCommand.MaxEmails)
            .WithErrorCode(EmailErrorCodes.EmailCount)
            .WithMessage($"{SubmitEmailsCommand.EmailsPath} must hold 1 to {SubmitEmailsCommand.MaxEmails} emails.")
            .OverridePropertyName(SubmitEmailsCommand.EmailsPath);
    }
}

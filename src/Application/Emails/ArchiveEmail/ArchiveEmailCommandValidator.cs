using FluentValidation;

namespace EmailPipeline.Application.Emails.ArchiveEmail;

internal sealed class ArchiveEmailCommandValidator : AbstractValidator<ArchiveEmailCommand>
{
    public ArchiveEmailCommandValidator()
    {
        // The message body is the email object itself, so its fields are named at the root ("email_sender").
        // No clock: an email accepted yesterday with tomorrow's timestream is still archived.
        RuleFor(c => c.Email).SetValidator(new EmailDocumentValidator(submissionClock: null)).OverridePropertyName(string.Empty);
        RuleFor(c => c.MessageId).NotEmpty();
    }
}

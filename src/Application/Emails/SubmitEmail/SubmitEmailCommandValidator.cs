using FluentValidation;

namespace EmailPipeline.Application.Emails.SubmitEmail;

internal sealed class SubmitEmailCommandValidator : AbstractValidator<SubmitEmailCommand>
{
    public const string DataPath = "data";

    public SubmitEmailCommandValidator(TimeProvider clock)
    {
        RuleFor(c => c.Data)
            .NotNull().WithErrorCode(EmailErrorCodes.Required).WithMessage($"{DataPath} is required.")
            .SetValidator(new EmailDocumentValidator(submissionClock: clock)!)
            .OverridePropertyName(DataPath);
    }
}

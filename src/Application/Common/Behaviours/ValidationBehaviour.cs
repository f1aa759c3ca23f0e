using FluentValidation;
using FluentValidation.Results;
using Mediator;

namespace EmailPipeline.Application.Common.Behaviours;

/// <summary>
/// Runs every FluentValidation validator of the message and throws one <see cref="ValidationException"/> with all
/// their failures, so the caller hears about every bad field at once.
/// </summary>
internal sealed class ValidationBehaviour<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    private readonly IValidator<TMessage>[] _validators = [.. validators];

    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        List<ValidationFailure>? failures = null;
        foreach (var validator in _validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            if (!result.IsValid)
            {
                (failures ??= []).AddRange(result.Errors);
            }
        }

        return failures is null
            ? await next(message, cancellationToken)
            : throw new ValidationException(failures);
    }
}

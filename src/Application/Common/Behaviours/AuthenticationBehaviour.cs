using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Application.Common.Security;
using Mediator;

namespace EmailPipeline.Application.Common.Behaviours;

/// <summary>
/// Lets a message through only when its token matches the expected one. Runs before validation, so that a caller
/// without the token learns nothing about what a valid email looks like. A mismatch asks the source to recheck
/// (the token may just have been rotated) before the message is rejected.
/// </summary>
internal sealed class AuthenticationBehaviour<TMessage, TResponse>(IAccessTokenSource tokens)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IAuthenticatedMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.Token))
        {
            throw new UnauthorizedException();
        }

        var expected = await tokens.GetAsync(cancellationToken);
        if (!expected.Matches(message.Token))
        {
            var rechecked = await tokens.RecheckAsync(expected, cancellationToken);
            if (ReferenceEquals(rechecked, expected) || !rechecked.Matches(message.Token))
            {
                throw new UnauthorizedException();
            }
        }

        return await next(message, cancellationToken);
    }
}

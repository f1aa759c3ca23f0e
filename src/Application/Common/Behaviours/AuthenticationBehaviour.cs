using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Application.Common.Security;
using Mediator;

namespace EmailPipeline.Application.Common.Behaviours;

/// <summary>
/// Lets a message through only when its token is an accepted one (the current token, or the previous one during a
/// rotation's grace period). Runs before validation, so that a caller without the token learns nothing about what a
/// valid email looks like. A message without a token is refused without asking the token source.
/// </summary>
internal sealed class AuthenticationBehaviour<TMessage, TResponse>(IAccessTokenSource tokens)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IAuthenticatedMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(message.Token) || await tokens.AuthenticateAsync(message.Token, cancellationToken) == TokenMatch.None)
        {
            throw new UnauthorizedException();
        }

        return await next(message, cancellationToken);
    }
}

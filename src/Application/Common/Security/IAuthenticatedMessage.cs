using Mediator;

namespace EmailPipeline.Application.Common.Security;

/// <summary>A message that may only be handled when it carries the expected token.</summary>
public interface IAuthenticatedMessage : IMessage
{
    /// <summary>The token as presented by the caller, or null when none was.</summary>
    string? Token { get; }
}

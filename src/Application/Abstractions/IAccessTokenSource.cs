using EmailPipeline.Application.Common.Security;

namespace EmailPipeline.Application.Abstractions;

/// <summary>Where the accepted tokens come from (a secret store), with whatever caching the store needs.</summary>
public interface IAccessTokenSource
{
    /// <summary>
    /// Which accepted token <paramref name="presented"/> is: the current one, the one it replaced while a rotation's
    /// grace period lasts, or none. A token that matches neither may make the source re-read the store (it may just
    /// have been rotated), no more often than its policy allows. Throws
    /// <see cref="Common.Exceptions.DependencyUnavailableException"/> when no token is known and the store cannot be
    /// read.
    /// </summary>
    ValueTask<TokenMatch> AuthenticateAsync(string presented, CancellationToken cancellationToken);
}

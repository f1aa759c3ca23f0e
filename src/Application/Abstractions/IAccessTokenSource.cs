using EmailPipeline.Application.Common.Security;

namespace EmailPipeline.Application.Abstractions;

/// <summary>Where the expected token comes from (a secret store), with whatever caching the store needs.</summary>
public interface IAccessTokenSource
{
    /// <summary>
    /// The current expected token. Throws <see cref="Common.Exceptions.DependencyUnavailableException"/> when no
    /// token is known and the store cannot be read.
    /// </summary>
    ValueTask<ExpectedToken> GetAsync(CancellationToken cancellationToken);

    /// <summary>
    /// A presented token did not match <paramref name="rejectedBy"/>. The secret may have been rotated: the source
    /// may re-read the store (no more often than its policy allows) and returns the token to compare with again,
    /// which is <paramref name="rejectedBy"/> itself when nothing newer is known.
    /// </summary>
    ValueTask<ExpectedToken> RecheckAsync(ExpectedToken rejectedBy, CancellationToken cancellationToken);
}

using EmailPipeline.Application.Common.Security;

namespace EmailPipeline.Infrastructure.Ssm;

/// <summary>
/// The tokens a request may present, as one read of the parameter found them: the current version, and the version
/// before it until <paramref name="PreviousUntil"/> (the current version's modification time plus the rotation grace).
/// </summary>
/// <param name="Version">The parameter's current version in SSM.</param>
/// <param name="Previous">The previous version's token, while it is accepted; null when there is none.</param>
/// <param name="PreviousUnresolved">
/// The previous version should be accepted but could not be read yet: the next read of the parameter tries again.
/// </param>
internal sealed record AcceptedTokens(
    ExpectedToken Current, long Version, ExpectedToken? Previous, DateTimeOffset PreviousUntil, bool PreviousUnresolved = false)
{
    public TokenMatch Match(string presented, DateTimeOffset now) =>
        Current.Matches(presented) ? TokenMatch.Current
        : Previous is not null && now < PreviousUntil && Previous.Matches(presented) ? TokenMatch.Previous
        : TokenMatch.None;
}

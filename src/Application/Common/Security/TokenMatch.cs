namespace EmailPipeline.Application.Common.Security;

/// <summary>Which of the accepted tokens a presented token is.</summary>
public enum TokenMatch
{
    /// <summary>Neither: the request is refused.</summary>
    None,

    /// <summary>The token now in the store.</summary>
    Current,

    /// <summary>The token the current one replaced, still accepted during the rotation's grace period.</summary>
    Previous,
}

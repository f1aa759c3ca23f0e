namespace EmailPipeline.Domain.Emails;

/// <summary>The subject line: not blank, at most <see cref="MaxLength"/> code points (RFC 5322's line limit).</summary>
public sealed record EmailSubject : EmailText
{
    public const int MaxLength = 998;

    public EmailSubject(string? value) : base(value, MaxLength) { }
}

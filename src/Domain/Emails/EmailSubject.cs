namespace EmailPipeline.Domain.Emails;

/// <summary>The subject line: not blank, at most <see cref="MaxLength"/> code points (RFC 5322's line limit).</summary>
public sealed record EmailSubject
{
    public const int MaxLength = 998;

    private EmailSubject(string value) => Value = value;

    public string Value { get; }

    public static EmailFieldError? Check(string? value) => EmailText.Check(value, MaxLength);

    public static EmailSubject Create(string? value) => new(EmailText.Require(value, MaxLength, nameof(EmailSubject)));

    public override string ToString() => Value;
}

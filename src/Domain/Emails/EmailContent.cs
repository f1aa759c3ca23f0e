namespace EmailPipeline.Domain.Emails;

/// <summary>The body of the email: not blank. Its size is bounded by the transport, not here.</summary>
public sealed record EmailContent
{
    private EmailContent(string value) => Value = value;

    public string Value { get; }

    public static EmailFieldError? Check(string? value) => EmailText.Check(value, maxLength: null);

    public static EmailContent Create(string? value) => new(EmailText.Require(value, maxLength: null, nameof(EmailContent)));

    public override string ToString() => Value;
}

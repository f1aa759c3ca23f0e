namespace EmailPipeline.Domain.Emails;

/// <summary>The body of the email: not blank. Its size is bounded by the transport, not here.</summary>
public sealed record EmailContent : EmailText
{
    public EmailContent(string? value) : base(value, maxLength: null) { }
}

namespace EmailPipeline.Domain.Emails;

/// <summary>
/// Who sent the email, as given (a name or an address): not blank, at most <see cref="MaxLength"/> code points
/// (the longest address RFC 5321 allows).
/// </summary>
public sealed record EmailSender : EmailText
{
    public const int MaxLength = 320;

    public EmailSender(string? value) : base(value, MaxLength) { }
}

namespace EmailPipeline.Domain.Emails;

/// <summary>
/// Who sent the email, as given (a name or an address): not blank, at most <see cref="MaxLength"/> code points
/// (the longest address RFC 5321 allows).
/// </summary>
public sealed record EmailSender
{
    public const int MaxLength = 320;

    private EmailSender(string value) => Value = value;

    public string Value { get; }

    public static EmailFieldError? Check(string? value) => EmailText.Check(value, MaxLength);

    public static EmailSender Create(string? value) => new(EmailText.Require(value, MaxLength, nameof(EmailSender)));

    public override string ToString() => Value;
}

namespace EmailPipeline.Domain.Emails;

/// <summary>An email as the pipeline carries and archives it: four fields, each valid on its own.</summary>
public sealed record Email(EmailSubject Subject, EmailSender Sender, EmailTimestream Timestream, EmailContent Content)
{
    /// <summary>
    /// Builds an email from raw field values. Callers validate first; an invalid value throws
    /// <see cref="InvalidEmailException"/>.
    /// </summary>
    public static Email Create(string? subject, string? sender, string? timestream, string? content) => new(
        new EmailSubject(subject),
        new EmailSender(sender),
        EmailTimestream.Parse(timestream),
        new EmailContent(content));
}

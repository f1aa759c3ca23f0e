using System.Text;
using EmailPipeline.Application.Common.Security;
using Mediator;

namespace EmailPipeline.Application.Emails.SubmitEmails;

/// <summary>
/// Submit several emails at once: authenticate once, then validate and publish each email on its own, so that one
/// email's problem never fails another.
/// </summary>
/// <param name="Emails">The emails as received, in order; null for an element that is not a JSON object.</param>
/// <param name="Token">The caller's token.</param>
public sealed record SubmitEmailsCommand(IReadOnlyList<EmailDocument?> Emails, string? Token)
    : ICommand<SubmitEmailsResult>, IAuthenticatedMessage
{
    /// <summary>The most emails one request may carry.</summary>
    public const int MaxEmails = 100;

    /// <summary>The request's member that holds the emails, and the root of each email's field paths (<c>emails[3].email_sender</c>).</summary>
    public const string EmailsPath = "emails";

    // Records print every property; this one holds a secret and personal data, so it prints neither.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Emails = [").Append(Emails.Count).Append(" emails], Token = [redacted]");
        return true;
    }
}

/// <summary>One outcome per email, in the order of the request.</summary>
public sealed record SubmitEmailsResult(IReadOnlyList<EmailSubmission> Emails)
{
    public bool AllAccepted => Emails.All(e => e.MessageId is not null);
}

using System.Text;
using EmailPipeline.Application.Common.Security;
using Mediator;

namespace EmailPipeline.Application.Emails.SubmitEmail;

/// <summary>Submit an email for archiving: authenticate, validate, and publish it to the queue.</summary>
/// <param name="Data">The email as received; null when the request had none.</param>
/// <param name="Token">The caller's token.</param>
public sealed record SubmitEmailCommand(EmailDocument? Data, string? Token)
    : ICommand<SubmitEmailResult>, IAuthenticatedMessage
{
    // Records print every property; this one holds a secret and personal data, so it prints neither.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Data = ").Append(Data is null ? "null" : "{…}").Append(", Token = [redacted]");
        return true;
    }
}

/// <summary>The email is in the queue under <paramref name="MessageId"/>.</summary>
public sealed record SubmitEmailResult(string MessageId);

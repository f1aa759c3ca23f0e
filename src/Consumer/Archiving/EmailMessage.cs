using System.Text.Json;
using EmailPipeline.Application.Emails;
using EmailPipeline.Infrastructure.Sqs.Polling;
using FluentValidation.Results;

namespace EmailPipeline.Consumer.Archiving;

/// <summary>
/// How the Consumer reads a message body, and what it says about one it cannot archive: written once, for the
/// archiving itself and for the dead-letter command that tells an operator why a message was refused.
/// </summary>
internal static class EmailMessage
{
    /// <summary>A body that is not a JSON object.</summary>
    public static MessageOutcome.PoisonOutcome Unparseable { get; } = new(PoisonReasons.Unparseable, "The body is not a JSON object.");

    /// <summary>The body as an email object, not yet validated; null when it is not a JSON object.</summary>
    public static EmailDocument? Parse(string body)
    {
        try
        {
            return EmailJson.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>An email that fails validation, by field name and rule code only: the values are personal data.</summary>
    public static MessageOutcome.PoisonOutcome Invalid(IEnumerable<ValidationFailure> failures) =>
        new(PoisonReasons.Invalid, $"The email is not valid: {string.Join(", ", failures.Select(e => $"{e.PropertyName} {e.ErrorCode}"))}.");
}

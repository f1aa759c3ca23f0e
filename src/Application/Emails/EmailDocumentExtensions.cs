using EmailPipeline.Domain.Emails;

namespace EmailPipeline.Application.Emails;

internal static class EmailDocumentExtensions
{
    /// <summary>The email a validated document describes.</summary>
    public static Email ToEmail(this EmailDocument document) => Email.Create(
        document.Subject.AsString(),
        document.Sender.AsString(),
        document.TimestreamText,
        document.Content.AsString());
}

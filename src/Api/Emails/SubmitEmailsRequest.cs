using System.Buffers;
using System.Text.Json;
using EmailPipeline.Application.Emails;
using EmailPipeline.Application.Emails.SubmitEmails;

namespace EmailPipeline.Api.Emails;

/// <summary>
/// The body of <c>POST /api/emails</c>: <c>{"emails": [{…an email…}, …], "token": "…"}</c>. An <c>emails</c> that is
/// not an array is a 400 for the whole request; an element that is not an object is that email's problem alone (null
/// here), and so are its fields, left to the use case.
/// </summary>
internal sealed record SubmitEmailsRequest(IReadOnlyList<EmailDocument?> Emails, string? Token)
{
    private static readonly string[] Members = [SubmitEmailsCommand.EmailsPath, SubmitEmailRequest.TokenProperty];

    /// <summary>Reads the body; throws <see cref="InvalidRequestBodyException"/> for anything but a JSON object.</summary>
    public static SubmitEmailsRequest Parse(ReadOnlySequence<byte> body)
    {
        List<EmailDocument?> emails = [];
        string? token = null;
        JsonRequest.ReadObject(body, Members, (string name, ref Utf8JsonReader reader) =>
        {
            if (name == SubmitEmailRequest.TokenProperty)
            {
                token = JsonRequest.ReadToken(ref reader);
                return;
            }

            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new InvalidRequestBodyException(SubmitEmailsCommand.EmailsPath, $"{SubmitEmailsCommand.EmailsPath} must be a JSON array.");
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    emails.Add(JsonRequest.ReadEmail(ref reader, SubmitEmailsCommand.EmailsPath));
                }
                else
                {
                    reader.Skip();
                    emails.Add(null);
                }
            }
        });
        return new SubmitEmailsRequest(emails, token);
    }

    // The token is a secret and the emails personal data: neither is ever printed.
    public override string ToString() => $"SubmitEmailsRequest {{ {Emails.Count} emails, … }}";
}

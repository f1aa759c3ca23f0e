using System.Buffers;
using EmailPipeline.Application.Emails;

namespace EmailPipeline.Api.Emails;

/// <summary>
/// The body of <c>POST /api/email</c>: <c>{"data": {…the email…}, "token": "…"}</c>. A <c>data</c> that is not an
/// object is a 400 here; its fields are left to the validator.
/// </summary>
internal sealed record SubmitEmailRequest(EmailDocument? Data, string? Token)
{
    public const string DataProperty = "data";
    public const string TokenProperty = "token";

    private static readonly string[] Members = [DataProperty, TokenProperty];

    /// <summary>Reads the body; throws <see cref="InvalidRequestBodyException"/> for anything but a JSON object.</summary>
    public static SubmitEmailRequest Parse(ReadOnlySequence<byte> body)
    {
        EmailDocument? data = null;
        string? token = null;
        JsonRequest.ReadObject(body, Members, (string name, ref System.Text.Json.Utf8JsonReader reader) =>
        {
            if (name == TokenProperty)
            {
                token = JsonRequest.ReadToken(ref reader);
            }
            else
            {
                data = JsonRequest.ReadEmail(ref reader, DataProperty);
            }
        });
        return new SubmitEmailRequest(data, token);
    }

    // The token is a secret and the email personal data: neither is ever printed.
    public override string ToString() => "SubmitEmailRequest { … }";
}

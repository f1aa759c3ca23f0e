using System.Text.Json.Serialization;
using EmailPipeline.Application.Common.Json;

namespace EmailPipeline.Application.Emails;

/// <summary>
/// The email object as it travels: the <c>data</c> of a submit request, and the body of a queue message. Fields
/// are kept raw (<see cref="JsonField"/>) until validated. <c>email_timestamp</c> is the alias of
/// <c>email_timestream</c> that a client of the reference service used.
/// </summary>
public sealed record EmailDocument(
    [property: JsonPropertyName(EmailDocument.SubjectName)] JsonField Subject,
    [property: JsonPropertyName(EmailDocument.SenderName)] JsonField Sender,
    [property: JsonPropertyName(EmailDocument.TimestreamName)] JsonField Timestream,
    [property: JsonPropertyName(EmailDocument.TimestampAliasName)] JsonField TimestampAlias,
    [property: JsonPropertyName(EmailDocument.ContentName)] JsonField Content)
{
    public const string SubjectName = "email_subject";
    public const string SenderName = "email_sender";
    public const string TimestreamName = "email_timestream";
    public const string TimestampAliasName = "email_timestamp";
    public const string ContentName = "email_content";

    /// <summary>
    /// The timestream as given, from <c>email_timestream</c> or else its alias: the text of a JSON string, or the
    /// digits of a JSON number that is an integer. Null when neither is present or the value is of another type.
    /// </summary>
    public string? TimestreamText => TextOf(Timestream.IsAbsent ? TimestampAlias : Timestream);

    internal static string? TextOf(JsonField field) => field.IsString ? field.Text : field.IntegerText;
}

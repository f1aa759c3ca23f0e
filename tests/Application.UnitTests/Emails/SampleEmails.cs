using EmailPipeline.Application.Common.Json;
using EmailPipeline.Application.Emails;

namespace EmailPipeline.Application.UnitTests.Emails;

/// <summary>The assignment's sample email, and variations of it.</summary>
internal static class SampleEmails
{
    public const string Subject = "Happy new year!";
    public const string Sender = "John doe";
    public const string Timestream = "1693561101";
    public const string Content = "Just want to say... Happy new year!!!";

    /// <summary>2023-09-01T09:38:21Z, the sample's timestream, as "now".</summary>
    public static readonly DateTimeOffset SampleTime = DateTimeOffset.FromUnixTimeSeconds(1_693_561_101);

    public static EmailDocument Document(
        JsonField? subject = null,
        JsonField? sender = null,
        JsonField? timestream = null,
        JsonField? content = null,
        JsonField timestampAlias = default) => new(
            subject ?? JsonField.String(Subject),
            sender ?? JsonField.String(Sender),
            timestream ?? JsonField.String(Timestream),
            timestampAlias,
            content ?? JsonField.String(Content));

    public static JsonField Number(string text) => new(System.Text.Json.JsonValueKind.Number, text);

    public static JsonField Null => new(System.Text.Json.JsonValueKind.Null, null);

    public static JsonField Missing => default;
}

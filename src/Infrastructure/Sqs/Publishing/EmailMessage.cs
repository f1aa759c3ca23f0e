using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.SQS.Model;
using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Emails;

namespace EmailPipeline.Infrastructure.Sqs.Publishing;

/// <summary>
/// An email as an SQS message: its body (<see cref="EmailJson"/>), its attributes (when the Api received it, the
/// body's schema version, the trace it belongs to), and its size exactly as SQS counts it against the queue's
/// <c>MaximumMessageSize</c> and the batch payload limit: the body's UTF-8 bytes, and each attribute's name, data
/// type and value.
/// </summary>
internal sealed record EmailMessage(string Body, Dictionary<string, MessageAttributeValue> Attributes, int Size, ActivityContext Context)
{
    public static EmailMessage From(OutgoingEmail email, Activity? activity)
    {
        var body = EmailJson.Serialize(email.Email);
        var attributes = new Dictionary<string, MessageAttributeValue>(3)
        {
            [MessageAttributeNames.ReceivedAt] = StringAttribute(email.ReceivedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
            [MessageAttributeNames.SchemaVersion] = StringAttribute(MessageAttributeNames.CurrentSchemaVersion),
        };
        if (activity?.Id is { } traceParent && activity.IdFormat == ActivityIdFormat.W3C)
        {
            attributes[MessageAttributeNames.TraceParent] = StringAttribute(traceParent);
        }

        var size = body.Length + attributes.Sum(a =>
            Encoding.UTF8.GetByteCount(a.Key) + Encoding.UTF8.GetByteCount(a.Value.DataType) + Encoding.UTF8.GetByteCount(a.Value.StringValue));
        return new EmailMessage(Encoding.UTF8.GetString(body), attributes, size, activity?.Context ?? default);
    }

    private static MessageAttributeValue StringAttribute(string value) => new() { DataType = "String", StringValue = value };
}

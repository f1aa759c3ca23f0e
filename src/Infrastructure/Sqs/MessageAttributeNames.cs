namespace EmailPipeline.Infrastructure.Sqs;

/// <summary>The SQS message attributes the Api writes. The body stays the bare email, as the reference wrote it.</summary>
internal static class MessageAttributeNames
{
    /// <summary>When the Api received the email (ISO 8601, UTC).</summary>
    public const string ReceivedAt = "received_at";

    /// <summary>The version of the body's format: "1" for the four canonical fields.</summary>
    public const string SchemaVersion = "schema_version";

    /// <summary>The W3C trace context of the request that submitted the email.</summary>
    public const string TraceParent = "traceparent";

    public const string CurrentSchemaVersion = "1";
}

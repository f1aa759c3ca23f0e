using System.Text.Json.Serialization;

namespace EmailPipeline.Api.Emails;

/// <summary>The 202 body: <c>{"status":"accepted","message_id":"…"}</c>.</summary>
public sealed record SubmitEmailResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("message_id")] string MessageId);

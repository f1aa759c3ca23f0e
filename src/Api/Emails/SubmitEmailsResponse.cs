using System.Text.Json.Serialization;

namespace EmailPipeline.Api.Emails;

/// <summary>
/// The body of a bulk submission's answer: <c>{"status":"accepted","results":[…]}</c> (202, every email in the queue)
/// or <c>{"status":"partial","results":[…]}</c> (207, some or all were not), one result per email, in order.
/// </summary>
public sealed record SubmitEmailsResponse(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("results")] IReadOnlyList<EmailResult> Results)
{
    public const string PartialStatus = "partial";
}

/// <summary>
/// One email's result: its status (202 with the SQS <c>message_id</c>), or a problem in the shape of RFC 9457 with
/// the status the single-email endpoint would have answered it with (400 with its fields' paths in <c>errors</c>,
/// 413, 503 with <c>retry_after</c> in seconds).
/// </summary>
public sealed record EmailResult(
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("message_id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? MessageId = null,
    [property: JsonPropertyName("title"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Title = null,
    [property: JsonPropertyName("detail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null,
    [property: JsonPropertyName("errors"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IDictionary<string, string[]>? Errors = null,
    [property: JsonPropertyName("retry_after"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? RetryAfter = null);

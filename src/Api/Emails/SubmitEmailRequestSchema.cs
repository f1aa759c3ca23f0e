using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace EmailPipeline.Api.Emails;

/// <summary>The request body as the OpenAPI document describes it (the endpoint reads it itself).</summary>
public sealed record SubmitEmailRequestSchema(
    [property: JsonPropertyName("data"), Required] EmailSchema Data,
    [property: JsonPropertyName("token"), Required, Description("The shared token kept in SSM Parameter Store.")] string Token);

/// <summary>The email as the OpenAPI document describes it.</summary>
public sealed record EmailSchema(
    [property: JsonPropertyName("email_subject"), Required, MaxLength(998)] string EmailSubject,
    [property: JsonPropertyName("email_sender"), Required, MaxLength(320)] string EmailSender,
    [property: JsonPropertyName("email_timestream"), Required,
     Description("Unix time in whole seconds, as a string of digits or an integer, at most 24 h in the future. email_timestamp is accepted as an alias.")]
    string EmailTimestream,
    [property: JsonPropertyName("email_content"), Required] string EmailContent);

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EmailPipeline.Application.Emails;
using EmailPipeline.Application.Emails.SubmitEmails;
using EmailPipeline.Domain.Emails;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EmailPipeline.Api.Emails;

/// <summary>A request to archive one email: the email and the shared token.</summary>
/// <remarks>
/// The request body as the OpenAPI document describes it (the endpoint reads it itself). Names and limits are the
/// constants the validator uses, never copies of them.
/// </remarks>
public sealed record SubmitEmailRequestSchema(
    [property: JsonPropertyName(SubmitEmailRequest.DataProperty), Required] EmailSchema Data,
    [property: JsonPropertyName(SubmitEmailRequest.TokenProperty), Required, Description("The shared token kept in SSM Parameter Store.")] string Token)
{
    /// <summary>The operation's request body: this schema (among the document's components), as <c>application/json</c>.</summary>
    public static Task DescribeBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken) =>
        DescribeBodyAsync(typeof(SubmitEmailRequestSchema), Example(ExampleToken), operation, context, cancellationToken);

    /// <summary>The bulk operation's request body: <see cref="SubmitEmailsRequestSchema"/>, as <c>application/json</c>.</summary>
    public static Task DescribeBulkBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken) =>
        DescribeBodyAsync(typeof(SubmitEmailsRequestSchema), BulkExample(ExampleToken), operation, context, cancellationToken);

    private const string ExampleToken = "the token kept in SSM";

    private const string BulkEmailDescription =
        $"An email, as data in {nameof(SubmitEmailRequestSchema)}. Each is validated alone: one that is not valid (or not an object) " +
        "gets its own 400 among the results of a 207, and the others are published.";

    private static async Task DescribeBodyAsync(
        Type schemaType, JsonObject example, OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(context);
        var document = context.Document!;
        document.Components ??= new OpenApiComponents();
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[schemaType.Name] = await context.GetOrCreateSchemaAsync(schemaType, null, cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new()
                {
                    Schema = new OpenApiSchemaReference(schemaType.Name, document),
                    Example = example,
                },
            },
        };
    }

    /// <summary>
    /// What a schema cannot say with trim-safe attributes alone, from the rules themselves: the content is not empty; a
    /// bulk request holds 1 to <see cref="SubmitEmailsCommand.MaxEmails"/> emails; the timestream (and its alias) is a
    /// string of digits or an integer, up to 24 h ahead of the clock that serves the document; exactly one of the two
    /// is given (the Api also takes both when they agree).
    /// </summary>
    public static Task DescribeAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        var clock = context.ApplicationServices.GetRequiredService<TimeProvider>();
        // Set here, not by MinLength and MaxLength attributes: those reflect over Count, which trimming may remove.
        if (context.JsonPropertyInfo?.Name == EmailDocument.ContentName)
        {
            schema.MinLength = 1; // its only limit is the request's
        }
        else if (context.JsonPropertyInfo?.Name == SubmitEmailsCommand.EmailsPath)
        {
            schema.MinItems = 1;
            schema.MaxItems = SubmitEmailsCommand.MaxEmails;
            // Any value: an email that breaks a rule is answered in the 207, so the request that holds it is well formed.
            schema.Items = new OpenApiSchema { Description = BulkEmailDescription };
        }
        else if (context.JsonPropertyInfo?.Name is EmailDocument.TimestreamName or EmailDocument.TimestampAliasName)
        {
            var latest = Math.Min(
                clock.GetUtcNow().ToUnixTimeSeconds() + (long)EmailTimestream.MaxFutureSkew.TotalSeconds, EmailTimestream.MaxSeconds);
            var bound = latest.ToString(CultureInfo.InvariantCulture);
            schema.Type = null;
            schema.Pattern = null;
            schema.OneOf =
            [
                new OpenApiSchema { Type = JsonSchemaType.String, Pattern = DecimalPattern.UpTo(latest) },
                new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "0", Maximum = bound },
            ];
            schema.Description = context.JsonPropertyInfo.Name == EmailDocument.TimestreamName
                ? string.Create(
                    CultureInfo.InvariantCulture,
                    $"Unix time in whole seconds, as a string of digits or an integer, at most {EmailTimestream.MaxFutureSkew.TotalHours:0} h " +
                    $"in the future (here: up to {bound}, when this document was served). {EmailDocument.TimestampAliasName} is accepted as an alias.")
                : $"An alias of {EmailDocument.TimestreamName}, for clients of the reference service: give one of the two.";
        }
        else if (context.JsonTypeInfo.Type == typeof(EmailSchema))
        {
            schema.Required?.Remove(EmailDocument.TimestreamName);
            schema.Required?.Remove(EmailDocument.TimestampAliasName);
            schema.OneOf =
            [
                new OpenApiSchema { Required = new HashSet<string> { EmailDocument.TimestreamName } },
                new OpenApiSchema { Required = new HashSet<string> { EmailDocument.TimestampAliasName } },
            ];
        }

        return Task.CompletedTask;
    }

    /// <summary>The sample of the contract, as a request body: what the document shows, and what a client can send.</summary>
    public static JsonObject Example(string token) => new()
    {
        [SubmitEmailRequest.DataProperty] = new JsonObject
        {
            [EmailDocument.SubjectName] = "Happy new year!",
            [EmailDocument.SenderName] = "John doe",
            [EmailDocument.TimestreamName] = "1693561101",
            [EmailDocument.ContentName] = "Just want to say... Happy new year!!!",
        },
        [SubmitEmailRequest.TokenProperty] = token,
    };

    /// <summary>The contract's sample as a bulk request of one email.</summary>
    public static JsonObject BulkExample(string token) => new()
    {
        [SubmitEmailsCommand.EmailsPath] = new JsonArray(Example(token)[SubmitEmailRequest.DataProperty]!.DeepClone()),
        [SubmitEmailRequest.TokenProperty] = token,
    };
}

/// <summary>
/// A request to archive several emails at once, with the shared token. The emails are any JSON values here: each is
/// held to the rules of a single email on its own, and one that breaks them gets its own 400 among the results of a
/// 207, not a 400 for the request.
/// </summary>
/// <remarks>The bulk request body as the OpenAPI document describes it.</remarks>
public sealed record SubmitEmailsRequestSchema(
    [property: JsonPropertyName(SubmitEmailsCommand.EmailsPath), Required] IReadOnlyList<JsonElement> Emails,
    [property: JsonPropertyName(SubmitEmailRequest.TokenProperty), Required, Description("The shared token kept in SSM Parameter Store.")] string Token);

/// <summary>An email. Its text fields are not blank: each holds a character that is not white space.</summary>
/// <remarks>The email as the OpenAPI document describes it; <see cref="NotBlank"/> is that rule as a pattern.</remarks>
public sealed record EmailSchema(
    [property: JsonPropertyName(EmailDocument.SubjectName), Required, StringLength(EmailSubject.MaxLength, MinimumLength = 1), RegularExpression(EmailSchema.NotBlank)]
    string EmailSubject,
    [property: JsonPropertyName(EmailDocument.SenderName), Required, StringLength(EmailSender.MaxLength, MinimumLength = 1), RegularExpression(EmailSchema.NotBlank)]
    string EmailSender,
    [property: JsonPropertyName(EmailDocument.TimestreamName), Required] string EmailTimestream,
    [property: JsonPropertyName(EmailDocument.TimestampAliasName)] string? EmailTimestamp,
    [property: JsonPropertyName(EmailDocument.ContentName), Required, RegularExpression(EmailSchema.NotBlank)] string EmailContent)
{
    /// <summary>
    /// <c>EmailText</c>'s "not blank" as a pattern (unanchored, so "contains"): a character that is not white space as
    /// .NET's <c>char.IsWhiteSpace</c> counts it, each listed, since <c>\s</c> means something else in every dialect
    /// (ECMA-262's takes U+FEFF and not U+0085; .NET's ECMAScript mode takes ASCII only).
    /// </summary>
    public const string NotBlank = @"[^\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]";
}

/// <summary>ECMA-262 patterns for ranges of decimal numbers.</summary>
public static class DecimalPattern
{
    /// <summary>
    /// The strings of ASCII digits (leading zeros allowed) whose value is at most <paramref name="max"/>: shorter than
    /// it, or as long and smaller at the first digit that differs, or equal.
    /// </summary>
    public static string UpTo(long max)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        var digits = max.ToString(CultureInfo.InvariantCulture);
        var alternatives = new List<string>();
        if (digits.Length > 1)
        {
            alternatives.Add($"[0-9]{{1,{digits.Length - 1}}}");
        }

        for (var i = 0; i < digits.Length; i++)
        {
            if (digits[i] > '0')
            {
                alternatives.Add($"{digits[..i]}[0-{(char)(digits[i] - 1)}][0-9]{{{digits.Length - i - 1}}}");
            }
        }

        alternatives.Add(digits);
        return $"^0*(?:{string.Join('|', alternatives)})$";
    }
}

using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Serialization;
using EmailPipeline.Application.Emails;
using EmailPipeline.Application.Emails.SubmitEmails;
using EmailPipeline.Domain.Emails;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EmailPipeline.Api.Emails;

/// <summary>
/// The request body as the OpenAPI document describes it (the endpoint reads it itself). Names and limits are the
/// constants the validator uses, never copies of them.
/// </summary>
public sealed record SubmitEmailRequestSchema(
    [property: JsonPropertyName(SubmitEmailRequest.DataProperty), Required] EmailSchema Data,
    [property: JsonPropertyName(SubmitEmailRequest.TokenProperty), Required, Description("The shared token kept in SSM Parameter Store.")] string Token)
{
    /// <summary>The operation's request body: this schema (among the document's components), as <c>application/json</c>.</summary>
    public static Task DescribeBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken) =>
        DescribeBodyAsync(typeof(SubmitEmailRequestSchema), operation, context, cancellationToken);

    /// <summary>The bulk operation's request body: <see cref="SubmitEmailsRequestSchema"/>, as <c>application/json</c>.</summary>
    public static Task DescribeBulkBodyAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken) =>
        DescribeBodyAsync(typeof(SubmitEmailsRequestSchema), operation, context, cancellationToken);

    private static async Task DescribeBodyAsync(
        Type schemaType, OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
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
                ["application/json"] = new() { Schema = new OpenApiSchemaReference(schemaType.Name, document) },
            },
        };
    }

    /// <summary>What a schema cannot say with attributes alone: the timestream's bound, from the domain's rule.</summary>
    public static Task DescribeAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(context);
        if (context.JsonPropertyInfo?.Name == EmailDocument.TimestreamName)
        {
            schema.Description = string.Create(
                CultureInfo.InvariantCulture,
                $"Unix time in whole seconds, as a string of digits or an integer, at most {EmailTimestream.MaxFutureSkew.TotalHours:0} h " +
                $"in the future. {EmailDocument.TimestampAliasName} is accepted as an alias.");
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// The bulk request body as the OpenAPI document describes it: 1 to <see cref="SubmitEmailsCommand.MaxEmails"/>
/// emails, each under the rules of a single one, in at most <see cref="RequestBody.MaxBulkBytes"/> bytes.
/// </summary>
public sealed record SubmitEmailsRequestSchema(
    [property: JsonPropertyName(SubmitEmailsCommand.EmailsPath), Required, MinLength(1), MaxLength(SubmitEmailsCommand.MaxEmails)] IReadOnlyList<EmailSchema> Emails,
    [property: JsonPropertyName(SubmitEmailRequest.TokenProperty), Required, Description("The shared token kept in SSM Parameter Store.")] string Token);

/// <summary>The email as the OpenAPI document describes it.</summary>
public sealed record EmailSchema(
    [property: JsonPropertyName(EmailDocument.SubjectName), Required, MaxLength(EmailSubject.MaxLength)] string EmailSubject,
    [property: JsonPropertyName(EmailDocument.SenderName), Required, MaxLength(EmailSender.MaxLength)] string EmailSender,
    [property: JsonPropertyName(EmailDocument.TimestreamName), Required] string EmailTimestream,
    [property: JsonPropertyName(EmailDocument.ContentName), Required] string EmailContent);

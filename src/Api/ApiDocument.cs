using System.Text.Json.Nodes;
using EmailPipeline.Api.Emails;
using EmailPipeline.Infrastructure.Health;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace EmailPipeline.Api;

/// <summary>
/// What the OpenAPI document says beyond what the framework reads off the endpoints: the health endpoints, the
/// Retry-After of a 503 (and of a bulk submission's 207), the operations' summary and description as written on the endpoint (not its handler's doc
/// comment), and no <c>servers</c>: the document is the same whatever Host it is asked for by.
/// </summary>
internal static class ApiDocument
{
    private const string RetryAfter = "Retry-After";

    public static Task DescribeAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Servers = null;
        document.Paths ??= [];
        foreach (var operation in document.Paths.Values.SelectMany(path => path.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            (string Summary, string Description)? written = operation.OperationId switch
            {
                EmailEndpoints.OperationId => (EmailEndpoints.Summary, EmailEndpoints.Description),
                EmailEndpoints.BulkOperationId => (EmailEndpoints.BulkSummary, EmailEndpoints.BulkDescription),
                _ => null,
            };
            if (written is not { } text)
            {
                continue;
            }

            operation.Summary = text.Summary;
            operation.Description = text.Description;
            if (operation.Responses?.GetValueOrDefault("207") is OpenApiResponse partial)
            {
                partial.Headers ??= new Dictionary<string, IOpenApiHeader>();
                partial.Headers[RetryAfter] = new OpenApiHeader
                {
                    Description = "Seconds to wait before sending again the emails whose result is 503; present when there are any.",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                };
            }

            if (operation.Responses?.GetValueOrDefault("503") is OpenApiResponse unavailable)
            {
                unavailable.Headers ??= new Dictionary<string, IOpenApiHeader>();
                unavailable.Headers[RetryAfter] = new OpenApiHeader
                {
                    Description = "Seconds to wait before sending the email again.",
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Minimum = "1" },
                };
            }
        }

        document.Paths[HealthEndpoints.LivePath] = HealthPath(
            "Liveness", "200 while the process does its work; what the load balancer and the container health check ask.", "healthy", "unhealthy");
        document.Paths[HealthEndpoints.ReadyPath] = HealthPath(
            "Readiness", "200 when every dependency can be used; 503 otherwise, naming each dependency and its state.", "ready", "not_ready");
        return Task.CompletedTask;
    }

    private static OpenApiPathItem HealthPath(string summary, string description, string healthy, string unhealthy)
    {
        var body = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "status" },
            Properties = new Dictionary<string, IOpenApiSchema>
            {
                ["status"] = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create(healthy), JsonValue.Create(unhealthy)] },
                ["checks"] = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Description = "Each check by name (sqs, ssm, s3, poller) and its state.",
                    AdditionalProperties = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = [.. new[] { DependencyHealth.Healthy, DependencyHealth.Unavailable, DependencyHealth.Misconfigured, DependencyHealth.Unhealthy }
                            .Select(state => (JsonNode)JsonValue.Create(state))],
                    },
                },
            },
        };
        var content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = body } };
        var get = new OpenApiOperation
        {
            Tags = new HashSet<OpenApiTagReference> { new("Health") },
            Summary = summary,
            Description = description,
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse { Description = healthy, Content = content },
                ["503"] = new OpenApiResponse { Description = unhealthy, Content = content },
            },
        };
        return new OpenApiPathItem { Operations = new Dictionary<HttpMethod, OpenApiOperation> { [HttpMethod.Get] = get, [HttpMethod.Head] = get } };
    }
}

using EmailPipeline.Api.Emails;
using EmailPipeline.Api.Errors;
using EmailPipeline.Api.Routing;

namespace EmailPipeline.Api;

public static class DependencyInjection
{
    /// <summary>Where the Api listens: <c>PORT</c>, 8000 by default.</summary>
    public static readonly ServicePort Port = new("PORT", 8000);

    /// <summary>What is the Api's own: HTTP, problem details, OpenAPI, request decompression, what a body may take on the wire.</summary>
    public static WebApplicationBuilder AddApiServices(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        builder.Services.AddProblemDetails();
        builder.Services.AddExactMethodMatching();
        builder.Services.AddSingleton<ExceptionProblems>();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOpenApi(openApi => openApi
            .AddSchemaTransformer(SubmitEmailRequestSchema.DescribeAsync)
            .AddDocumentTransformer(ApiDocument.DescribeAsync));
        Observability.ApiMetrics.Initialize();

        // gzip (and x-gzip, its old name: RFC 9110 §8.4.1.3) and br bodies are decoded before the endpoint reads them;
        // RequestBody counts the decoded bytes. Not deflate: the framework reads it as raw DEFLATE, where HTTP's
        // "deflate" is the zlib format (RFC 9110 §8.4.1.2).
        builder.Services.AddRequestDecompression(options =>
        {
            options.DecompressionProviders.Remove("deflate");
            options.DecompressionProviders["x-gzip"] = options.DecompressionProviders["gzip"];
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBody.MaxWireBytes);
        return builder;
    }
}

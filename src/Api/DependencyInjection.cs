using EmailPipeline.Api.Emails;
using EmailPipeline.Api.Errors;

namespace EmailPipeline.Api;

public static class DependencyInjection
{
    /// <summary>Where the Api listens: <c>PORT</c>, 8000 by default.</summary>
    public static readonly ServicePort Port = new("PORT", 8000);

    /// <summary>What is the Api's own: HTTP, problem details, OpenAPI, the largest body it reads.</summary>
    public static WebApplicationBuilder AddApiServices(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOpenApi(openApi => openApi.AddSchemaTransformer(SubmitEmailRequestSchema.DescribeAsync));
        Observability.ApiMetrics.Initialize();

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes);
        return builder;
    }
}

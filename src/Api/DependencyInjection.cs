using EmailPipeline.Api.Emails;
using EmailPipeline.Api.Errors;
using EmailPipeline.ServiceDefaults;

namespace EmailPipeline.Api;

public static class DependencyInjection
{
    /// <summary>The environment variable for the port to listen on.</summary>
    public const string PortVariable = "PORT";

    public const int DefaultPort = 8000;

    /// <summary>What is the Api's own: HTTP, problem details, OpenAPI, and where it listens.</summary>
    public static WebApplicationBuilder AddApiServices(this WebApplicationBuilder builder)
    {
        builder.Services.ConfigureHttpJsonOptions(options => options.SerializerOptions.TypeInfoResolverChain.Insert(0, ApiJsonContext.Default));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddOpenApi(openApi => openApi.AddSchemaTransformer(SubmitEmailRequestSchema.DescribeAsync));
        Observability.ApiMetrics.Initialize();

        builder.ListenOnPort(PortVariable, DefaultPort);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes);
        return builder;
    }

    /// <summary>The port set by <see cref="PortVariable"/>, for the <c>--health-check</c> command.</summary>
    public static int PortFromEnvironment() => ListenPort.FromEnvironment(PortVariable, DefaultPort);
}

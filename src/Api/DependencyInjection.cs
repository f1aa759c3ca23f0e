using EmailPipeline.Api.Emails;
using EmailPipeline.Api.Errors;

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
        builder.Services.AddOpenApi();
        builder.Services.AddHealthChecks();
        Observability.ApiMetrics.Initialize();

        var port = builder.Configuration[PortVariable];
        builder.Services.AddOptions<ListenOptions>()
            .Validate(_ => ParsePort(port) is not null, $"{PortVariable} must be a TCP port number (1-65535), not '{port}'.")
            .ValidateOnStart();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenAnyIP(ParsePort(port) ?? DefaultPort);
            kestrel.Limits.MaxRequestBodySize = RequestBody.MaxBytes;
            kestrel.AddServerHeader = false;
        });
        return builder;
    }

    /// <summary>The port set by <see cref="PortVariable"/>, for the <c>--health-check</c> command.</summary>
    public static int PortFromEnvironment() => ParsePort(Environment.GetEnvironmentVariable(PortVariable)) ?? DefaultPort;

    private static int? ParsePort(string? value) =>
        string.IsNullOrWhiteSpace(value) ? DefaultPort
        : int.TryParse(value, out var port) && port is > 0 and <= 65535 ? port
        : null;

    /// <summary>Carries the start-up check of <see cref="PortVariable"/>.</summary>
    private sealed class ListenOptions;
}

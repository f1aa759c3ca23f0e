using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmailPipeline.Api.Routing;

internal static class RoutingExtensions
{
    /// <summary>Methods matched as written (<see cref="ExactMethodPolicy"/>).</summary>
    public static IServiceCollection AddExactMethodMatching(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, ExactMethodPolicy>());
        return services;
    }

    /// <summary>A 405 for every route mapped so far (<see cref="MethodNotAllowedEndpoints"/>): map it last.</summary>
    public static IEndpointRouteBuilder MapMethodNotAllowed(this IEndpointRouteBuilder app)
    {
        app.DataSources.Add(new MethodNotAllowedEndpoints([.. app.DataSources]));
        return app;
    }
}

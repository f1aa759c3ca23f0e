using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace EmailPipeline.Api.Routing;

/// <summary>
/// For each route the app maps for some methods only, an endpoint of the same route that takes every other method
/// and answers 405 with <c>Allow</c> (the problem itself is written with the other bodiless answers:
/// <see cref="Errors.StatusCodeProblems"/>). Routing's own 405 knows no route, so the request would be logged and
/// counted as "unmatched"; this one is counted under its route. It is ordered after every mapped endpoint, so a
/// method the route takes always reaches its own endpoint.
/// </summary>
internal sealed class MethodNotAllowedEndpoints(IReadOnlyList<EndpointDataSource> mapped) : EndpointDataSource
{
    private IReadOnlyList<Endpoint>? _endpoints;

    public override IReadOnlyList<Endpoint> Endpoints => _endpoints ??= Build();

    public override IChangeToken GetChangeToken() => NullChangeToken.Singleton;

    private List<Endpoint> Build() =>
    [
        .. mapped.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Select(endpoint => (endpoint.RoutePattern, Methods: endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? []))
            .Where(route => route.Methods.Count > 0)
            .GroupBy(route => route.RoutePattern.RawText, StringComparer.OrdinalIgnoreCase)
            .Select(route => Refuse(route.First().RoutePattern, string.Join(", ", route.SelectMany(r => r.Methods).Distinct(StringComparer.Ordinal)))),
    ];

    private static RouteEndpoint Refuse(RoutePattern pattern, string allow) => new(
        context =>
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = allow;
            return Task.CompletedTask;
        },
        pattern,
        order: int.MaxValue,
        EndpointMetadataCollection.Empty,
        $"405 {pattern.RawText}");
}

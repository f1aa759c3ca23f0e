using Microsoft.AspNetCore.Routing.Matching;

namespace EmailPipeline.Api.Routing;

/// <summary>
/// Methods are case-sensitive (RFC 9110 §9.1): <c>post</c> is not POST. Routing matches them ignoring case, so this
/// policy, run after routing's own method policy, sets aside an endpoint whose methods do not hold the request's
/// exactly; the request then reaches the route's <see cref="MethodNotAllowedEndpoints"/> endpoint, a 405.
/// </summary>
internal sealed class ExactMethodPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 1000;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { HttpMethods.Count: > 0 });

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var method = httpContext.Request.Method;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) &&
                candidates[i].Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is { HttpMethods.Count: > 0 } allowed &&
                !allowed.HttpMethods.Contains(method, StringComparer.Ordinal))
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}

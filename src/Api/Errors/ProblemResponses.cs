using Microsoft.AspNetCore.Mvc;

namespace EmailPipeline.Api.Errors;

/// <summary>Writes the Api's problems: RFC 9457 <c>application/problem+json</c>, the one error format it has.</summary>
internal static class ProblemResponses
{
    /// <summary>
    /// Writes <paramref name="problem"/> whatever the request's <c>Accept</c> says (RFC 9110 §12.5.1 lets a server
    /// disregard it): the framework's writer declines a client that does not accept JSON, which would leave an error
    /// with no body, or turn it into a 500. So it is asked with <c>Accept</c> set aside.
    /// </summary>
    public static ValueTask WriteAsync(HttpContext context, ProblemDetails problem, Exception? exception = null)
    {
        context.Request.Headers.Accept = default;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = problem,
            Exception = exception,
        });
    }
}

using EmailPipeline.Api.Observability;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace EmailPipeline.Api.Errors;

/// <summary>
/// The problem for an error status answered with no body: routing's, for a path with no resource (404) or a method
/// its resource does not take (405, <see cref="Routing.MethodNotAllowedEndpoints"/>). Counted by error type, as the
/// problems of <see cref="ProblemExceptionHandler"/> are.
/// </summary>
internal static class StatusCodeProblems
{
    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var (errorType, detail) = status switch
        {
            StatusCodes.Status404NotFound => (ApiMetrics.NotFound, "There is no resource at this path."),
            StatusCodes.Status405MethodNotAllowed => (ApiMetrics.MethodNotAllowed,
                "This resource does not take this method (methods are case-sensitive); Allow lists the ones it takes."),
            _ => ((string?)null, "The request could not be answered."),
        };
        if (errorType is not null)
        {
            ApiMetrics.ValidationErrors.Inc(errorType);
        }

        await ProblemResponses.WriteAsync(http, new ProblemDetails { Status = status, Detail = detail });
    }
}

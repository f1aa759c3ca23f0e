using System.Globalization;
using EmailPipeline.Api.Emails;
using Microsoft.AspNetCore.Diagnostics;

namespace EmailPipeline.Api.Errors;

/// <summary>
/// Answers a request that ended in an exception with the problem <see cref="ExceptionProblems"/> makes of it, and the
/// headers that problem calls for: <c>Retry-After</c> with a 503, <c>Accept-Encoding</c> with a 415 (RFC 9110 §15.5.16).
/// </summary>
internal sealed class ProblemExceptionHandler(ExceptionProblems problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: there is nobody to answer.
            return true;
        }

        var (problem, retryAfter) = problems.For(exception);
        problems.Log(exception);
        if (retryAfter is { } wait)
        {
            context.Response.Headers.RetryAfter = ExceptionProblems.Seconds(wait).ToString(CultureInfo.InvariantCulture);
        }

        if (problem.Status == StatusCodes.Status415UnsupportedMediaType)
        {
            // Which content codings the Api does decode.
            context.Response.Headers.AcceptEncoding = RequestBody.DecodedCodings;
        }

        context.Response.StatusCode = problem.Status!.Value;
        await ProblemResponses.WriteAsync(context, problem, exception);
        return true;
    }
}

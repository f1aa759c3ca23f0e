using System.Globalization;
using EmailPipeline.Api.Emails;
using EmailPipeline.Api.Observability;
using EmailPipeline.Application.Common.Exceptions;
using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace EmailPipeline.Api.Errors;

/// <summary>
/// The one place where exceptions become RFC 9457 problem details. Client errors are 4xx and dependency failures
/// 503 with <c>Retry-After</c>, never the other way round. No problem ever echoes the token or the email.
/// </summary>
internal sealed partial class ProblemExceptionHandler(ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            // The client went away: there is nobody to answer.
            return true;
        }

        var problem = exception switch
        {
            ValidationException validation => Validation(validation),
            InvalidRequestBodyException body => Invalid(body.Path, body.Message, ApiMetrics.InvalidJson),
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge =>
                Counted(Problem(StatusCodes.Status413PayloadTooLarge, tooLarge.Message), ApiMetrics.BodyTooLarge),
            BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } unsupported =>
                Unsupported(context, unsupported.Message),
            BadHttpRequestException badRequest => Problem(badRequest.StatusCode, "The request could not be read."),
            UnauthorizedException => Problem(StatusCodes.Status401Unauthorized, "The token is missing or wrong."),
            PayloadTooLargeException tooLarge => Counted(Problem(StatusCodes.Status413PayloadTooLarge,
                $"The email is too large to queue ({tooLarge.Size} bytes as a message; the limit is {tooLarge.Limit})."), ApiMetrics.BodyTooLarge),
            DependencyUnavailableException unavailable => Unavailable(context, unavailable.Dependency, unavailable.RetryAfter, exception),
            DependencyMisconfiguredException misconfigured => Unavailable(context, misconfigured.Dependency, TimeSpan.FromSeconds(30), exception),
            _ => Unexpected(exception),
        };

        context.Response.StatusCode = problem.Status!.Value;
        await ProblemResponses.WriteAsync(context, problem, exception);
        return true;
    }

    private static HttpValidationProblemDetails Validation(ValidationException exception)
    {
        foreach (var failure in exception.Errors)
        {
            ApiMetrics.ValidationErrors.Inc(failure.ErrorCode ?? "invalid");
        }

        var errors = exception.Errors
            .GroupBy(failure => failure.PropertyName, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Select(failure => failure.ErrorMessage).ToArray(), StringComparer.Ordinal);
        return new HttpValidationProblemDetails(errors)
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = "The email is not valid; see errors for each field.",
        };
    }

    private static HttpValidationProblemDetails Invalid(string path, string message, string errorType)
    {
        ApiMetrics.ValidationErrors.Inc(errorType);
        return new HttpValidationProblemDetails(new Dictionary<string, string[]> { [path] = [message] })
        {
            Status = StatusCodes.Status400BadRequest,
            Detail = message,
        };
    }

    private ProblemDetails Unavailable(HttpContext context, string dependency, TimeSpan retryAfter, Exception exception)
    {
        LogUnavailable(logger, dependency, exception.Message);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return Problem(StatusCodes.Status503ServiceUnavailable, "The email could not be accepted right now; try again later.");
    }

    /// <summary>A 415, saying which content codings the Api does decode (RFC 9110 §15.5.16).</summary>
    private static ProblemDetails Unsupported(HttpContext context, string detail)
    {
        context.Response.Headers.AcceptEncoding = RequestBody.DecodedCodings;
        return Counted(Problem(StatusCodes.Status415UnsupportedMediaType, detail), ApiMetrics.UnsupportedMediaType);
    }

    private ProblemDetails Unexpected(Exception exception)
    {
        LogUnexpected(logger, exception);
        return Problem(StatusCodes.Status500InternalServerError, "Something went wrong on our side.");
    }

    private static ProblemDetails Counted(ProblemDetails problem, string errorType)
    {
        ApiMetrics.ValidationErrors.Inc(errorType);
        return problem;
    }

    private static ProblemDetails Problem(int status, string detail) => new() { Status = status, Detail = detail };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503: {Dependency} is unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, string dependency, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Answered 500 to an unexpected exception")]
    private static partial void LogUnexpected(ILogger logger, Exception exception);
}

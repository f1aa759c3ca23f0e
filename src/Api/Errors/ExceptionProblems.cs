using EmailPipeline.Api.Emails;
using EmailPipeline.Api.Observability;
using EmailPipeline.Application.Common.Exceptions;
using FluentValidation;
using Microsoft.AspNetCore.Mvc;

namespace EmailPipeline.Api.Errors;

/// <summary>
/// The one place where an exception becomes the RFC 9457 problem it is answered with, counted by error type: for a
/// whole request (<see cref="ProblemExceptionHandler"/>) and for each email of a bulk submission alike. Client errors
/// are 4xx and dependency failures 503 with a time to wait, never the other way round. No problem ever echoes the
/// token or the email.
/// </summary>
internal sealed partial class ExceptionProblems(ILogger<ExceptionProblems> logger)
{
    /// <summary>The problem for <paramref name="exception"/>, and, for a 503, how long the client should wait. Logs nothing.</summary>
    public (ProblemDetails Problem, TimeSpan? RetryAfter) For(Exception exception) => exception switch
    {
        ValidationException validation => (Validation(validation), null),
        InvalidRequestBodyException body => (Invalid(body.Path, body.Message, ApiMetrics.InvalidJson), null),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } tooLarge =>
            (Counted(Problem(StatusCodes.Status413PayloadTooLarge, tooLarge.Message), ApiMetrics.BodyTooLarge), null),
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } unsupported =>
            (Counted(Problem(StatusCodes.Status415UnsupportedMediaType, unsupported.Message), ApiMetrics.UnsupportedMediaType), null),
        BadHttpRequestException badRequest => (Problem(badRequest.StatusCode, "The request could not be read."), null),
        UnauthorizedException => (Problem(StatusCodes.Status401Unauthorized, "The token is missing or wrong."), null),
        PayloadTooLargeException tooLarge => (Counted(Problem(StatusCodes.Status413PayloadTooLarge,
            $"The email is too large to queue ({tooLarge.Size} bytes as a message; the limit is {tooLarge.Limit})."), ApiMetrics.BodyTooLarge), null),
        DependencyUnavailableException unavailable => (Unavailable(), unavailable.RetryAfter),
        DependencyMisconfiguredException => (Unavailable(), TimeSpan.FromSeconds(30)),
        _ => (Problem(StatusCodes.Status500InternalServerError, "Something went wrong on our side."), null),
    };

    /// <summary>
    /// Logs what an operator must hear of, once for <paramref name="emails"/> answered alike: a dependency that failed
    /// (a warning), an exception nothing foresaw (an error). Client errors are counted, not logged.
    /// </summary>
    public void Log(Exception exception, int emails = 1)
    {
        switch (exception)
        {
            case DependencyUnavailableException unavailable:
                LogUnavailable(logger, emails, unavailable.Dependency, exception.Message);
                break;
            case DependencyMisconfiguredException misconfigured:
                LogUnavailable(logger, emails, misconfigured.Dependency, exception.Message);
                break;
            case ValidationException or InvalidRequestBodyException or BadHttpRequestException or UnauthorizedException or PayloadTooLargeException:
                break;
            default:
                LogUnexpected(logger, emails, exception);
                break;
        }
    }

    /// <summary>A time to wait as <c>Retry-After</c> says it: whole seconds, at least one.</summary>
    public static int Seconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

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
            Detail = "Not valid; see errors for each field.",
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

    private static ProblemDetails Unavailable() =>
        Problem(StatusCodes.Status503ServiceUnavailable, "The email could not be accepted right now; try again later.");

    private static ProblemDetails Counted(ProblemDetails problem, string errorType)
    {
        ApiMetrics.ValidationErrors.Inc(errorType);
        return problem;
    }

    private static ProblemDetails Problem(int status, string detail) => new() { Status = status, Detail = detail };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answered 503 for {Emails} email(s): {Dependency} is unavailable: {Reason}")]
    private static partial void LogUnavailable(ILogger logger, int emails, string dependency, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Answered 500 for {Emails} email(s) to an unexpected exception")]
    private static partial void LogUnexpected(ILogger logger, int emails, Exception exception);
}

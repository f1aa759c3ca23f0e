using System.Globalization;
using EmailPipeline.Api.Errors;
using EmailPipeline.Api.Observability;
using EmailPipeline.Application.Emails.SubmitEmail;
using EmailPipeline.Application.Emails.SubmitEmails;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace EmailPipeline.Api.Emails;

/// <summary><c>POST /api/email</c> and <c>POST /api/emails</c>: accept an email, or up to a hundred, for archiving.</summary>
internal static class EmailEndpoints
{
    public const string AcceptedStatus = "accepted";

    /// <summary>The operation's id in the OpenAPI document.</summary>
    public const string OperationId = "SubmitEmail";

    public const string Summary = "Submit an email for archiving";

    public const string Description = "Checks the token, validates the email and publishes it to the queue. 202 means the queue has it.";

    /// <summary>The bulk operation's id in the OpenAPI document.</summary>
    public const string BulkOperationId = "SubmitEmails";

    public static readonly string BulkSummary = $"Submit up to {SubmitEmailsCommand.MaxEmails} emails for archiving";

    public const string BulkDescription =
        "Checks the token once, then validates and publishes each email on its own. 202 means the queue has every one; " +
        "207 gives one result per email, in order: its message_id, or the problem the single-email endpoint would have " +
        "answered (400 with field paths, 413, 503 with retry_after). 400, 401, 413 and 415 concern the request as a whole.";

    public static IEndpointRouteBuilder MapEmailEndpoints(this IEndpointRouteBuilder app)
    {
        var emails = app.MapGroup("/api").WithTags("Emails");
        emails.MapPost("/email", Submit)
            .WithName(OperationId)
            .WithSummary(Summary)
            .WithDescription(Description)
            // The body as the document describes it. Not .Accepts<T>(), whose metadata routing also enforces: routing's
            // 415 would answer before the endpoint, with no detail, logged and counted as if no route had matched.
            .AddOpenApiOperationTransformer(SubmitEmailRequestSchema.DescribeBodyAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        emails.MapPost("/emails", SubmitMany)
            .WithName(BulkOperationId)
            .WithSummary(BulkSummary)
            .WithDescription(BulkDescription)
            .AddOpenApiOperationTransformer(SubmitEmailRequestSchema.DescribeBulkBodyAsync)
            .Produces<SubmitEmailsResponse>(StatusCodes.Status202Accepted)
            .Produces<SubmitEmailsResponse>(StatusCodes.Status207MultiStatus)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status408RequestTimeout)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>
    /// Answers 202 only once SQS has acknowledged the message. Everything else is an exception that
    /// <see cref="Errors.ProblemExceptionHandler"/> turns into problem details.
    /// </summary>
    internal static async Task<Accepted<SubmitEmailResponse>> Submit(HttpContext context, ISender sender, CancellationToken cancellationToken)
    {
        var request = await RequestBody.ReadJsonAsync(context.Request, RequestBody.MaxBytes, SubmitEmailRequest.Parse, cancellationToken);
        var result = await sender.Send(new SubmitEmailCommand(request.Data, request.Token), cancellationToken);
        context.Items[Observability.RequestLogging.MessageIdItem] = result.MessageId;
        return TypedResults.Accepted((string?)null, new SubmitEmailResponse(AcceptedStatus, result.MessageId));
    }

    /// <summary>
    /// Answers 202 when SQS has acknowledged every email, else 207 with each email's result, and <c>Retry-After</c>
    /// when any of them is worth sending again. A problem of the request as a whole (its body, its token, the number
    /// of its emails) is an exception, answered as the single-email endpoint answers it.
    /// </summary>
    internal static async Task<Results<Accepted<SubmitEmailsResponse>, JsonHttpResult<SubmitEmailsResponse>>> SubmitMany(
        HttpContext context, ISender sender, ExceptionProblems problems, CancellationToken cancellationToken)
    {
        var request = await RequestBody.ReadJsonAsync(context.Request, RequestBody.MaxBulkBytes, SubmitEmailsRequest.Parse, cancellationToken);
        var submitted = await sender.Send(new SubmitEmailsCommand(request.Emails, request.Token), cancellationToken);

        var results = new EmailResult[submitted.Emails.Count];
        TimeSpan? retryAfter = null;
        (Exception First, int Count)? serverSide = null;
        var accepted = 0;
        for (var i = 0; i < results.Length; i++)
        {
            var email = submitted.Emails[i];
            if (email.MessageId is { } messageId)
            {
                results[i] = new EmailResult(StatusCodes.Status202Accepted, messageId);
                accepted++;
            }
            else
            {
                var (problem, wait) = problems.For(email.Failure!);
                retryAfter = wait > retryAfter || retryAfter is null ? wait : retryAfter;
                if (problem.Status >= StatusCodes.Status500InternalServerError)
                {
                    serverSide = (serverSide?.First ?? email.Failure!, (serverSide?.Count ?? 0) + 1);
                }

                results[i] = new EmailResult(
                    problem.Status!.Value,
                    MessageId: null,
                    ReasonPhrases.GetReasonPhrase(problem.Status.Value),
                    problem.Detail,
                    (problem as HttpValidationProblemDetails)?.Errors,
                    wait is { } seconds ? ExceptionProblems.Seconds(seconds) : null);
                ApiMetrics.BulkEmails.Inc(results[i].Status.ToString(CultureInfo.InvariantCulture));
            }
        }

        ApiMetrics.BulkEmails.Inc(ApiMetrics.AcceptedStatus, accepted);

        if (serverSide is { } failed)
        {
            // One log event for the request: the emails of one batch, or of one request, mostly fail alike.
            problems.Log(failed.First, failed.Count);
        }

        if (submitted.AllAccepted)
        {
            return TypedResults.Accepted((string?)null, new SubmitEmailsResponse(AcceptedStatus, results));
        }

        if (retryAfter is { } longest)
        {
            context.Response.Headers.RetryAfter = ExceptionProblems.Seconds(longest).ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Json(
            new SubmitEmailsResponse(SubmitEmailsResponse.PartialStatus, results), ApiJsonContext.Default.SubmitEmailsResponse,
            statusCode: StatusCodes.Status207MultiStatus);
    }
}

using EmailPipeline.Application.Emails.SubmitEmail;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmailPipeline.Api.Emails;

/// <summary><c>POST /api/email</c>: accept an email for archiving.</summary>
internal static class EmailEndpoints
{
    public const string AcceptedStatus = "accepted";

    public static IEndpointRouteBuilder MapEmailEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api")
            .WithTags("Emails")
            .MapPost("/email", Submit)
            .WithName("SubmitEmail")
            .WithSummary("Submit an email for archiving")
            .WithDescription(
                "Checks the token, validates the email and publishes it to the queue. 202 means the queue has it.")
            // The body as the document describes it. Not .Accepts<T>(), whose metadata routing also enforces: routing's
            // 415 would answer before the endpoint, with no detail, logged and counted as if no route had matched.
            .AddOpenApiOperationTransformer(SubmitEmailRequestSchema.DescribeBodyAsync)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
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
        var request = await RequestBody.ReadJsonAsync(context.Request, SubmitEmailRequest.Parse, cancellationToken);
        var result = await sender.Send(new SubmitEmailCommand(request.Data, request.Token), cancellationToken);
        context.Items[Observability.RequestLogging.MessageIdItem] = result.MessageId;
        return TypedResults.Accepted((string?)null, new SubmitEmailResponse(AcceptedStatus, result.MessageId));
    }
}

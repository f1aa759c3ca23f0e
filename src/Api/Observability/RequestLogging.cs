namespace EmailPipeline.Api.Observability;

/// <summary>
/// One log event and the reference metrics for every request. The endpoint label is the route template, never the
/// raw path, and unknown methods and paths fold into one value each, so label values stay bounded.
/// </summary>
internal sealed partial class RequestLogging(RequestDelegate next, TimeProvider clock, ILogger<RequestLogging> logger)
{
    /// <summary>Where an endpoint leaves the id of the message it published, for the log event.</summary>
    public const string MessageIdItem = "EmailPipeline.MessageId";

    private static readonly HashSet<string> KnownMethods = new(StringComparer.Ordinal)
    {
        "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS",
    };

    private static readonly string[] StatusLabels = [.. Enumerable.Range(0, 600).Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    public async Task InvokeAsync(HttpContext context)
    {
        var started = clock.GetTimestamp();
        // Routing has run by now; an exception handler that re-executes the pipeline clears the endpoint later.
        var endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            var elapsed = clock.GetElapsedTime(started);
            var method = KnownMethods.Contains(context.Request.Method) ? context.Request.Method : "OTHER";
            var status = failed ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;

            ApiMetrics.Requests.WithLabels(method, endpoint, StatusLabels[Math.Clamp(status, 0, 599)]).Inc();
            ApiMetrics.Duration.WithLabels(method, endpoint).Observe(elapsed.TotalSeconds);

            if (IsProbe(endpoint))
            {
                LogProbe(logger, method, endpoint, status, elapsed.TotalMilliseconds);
            }
            else if (context.Items.TryGetValue(MessageIdItem, out var messageId))
            {
                LogAccepted(logger, method, endpoint, status, elapsed.TotalMilliseconds, (string)messageId!);
            }
            else
            {
                LogRequest(logger, method, endpoint, status, elapsed.TotalMilliseconds);
            }
        }
    }

    /// <summary>Health checks and metric scrapes: frequent, and of no interest one by one.</summary>
    public static bool IsProbe(string? path) =>
        path is not null && (path.StartsWith("/health", StringComparison.Ordinal) || path == "/metrics");

    [LoggerMessage(EventName = "Request", Level = LogLevel.Information,
        Message = "{Method} {Endpoint} answered {StatusCode} in {ElapsedMilliseconds:0.###} ms")]
    private static partial void LogRequest(ILogger logger, string method, string endpoint, int statusCode, double elapsedMilliseconds);

    [LoggerMessage(EventName = "Accepted", Level = LogLevel.Information,
        Message = "{Method} {Endpoint} answered {StatusCode} in {ElapsedMilliseconds:0.###} ms: queued as message {MessageId}")]
    private static partial void LogAccepted(ILogger logger, string method, string endpoint, int statusCode, double elapsedMilliseconds, string messageId);

    [LoggerMessage(EventName = "Probe", Level = LogLevel.Debug,
        Message = "{Method} {Endpoint} answered {StatusCode} in {ElapsedMilliseconds:0.###} ms")]
    private static partial void LogProbe(ILogger logger, string method, string endpoint, int statusCode, double elapsedMilliseconds);
}

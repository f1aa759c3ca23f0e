using EmailPipeline.Application.Emails;
using EmailPipeline.Infrastructure.Observability;

namespace EmailPipeline.Api.Observability;

/// <summary>The Api's metrics, under the reference service's names.</summary>
internal static class ApiMetrics
{
    /// <summary>Error types of a request that is refused before its fields are looked at.</summary>
    public const string InvalidJson = "invalid_json", BodyTooLarge = "body_too_large", UnsupportedMediaType = "unsupported_media_type";

    /// <summary>Error types of a request routing refuses: no resource at its path, or not with its method.</summary>
    public const string NotFound = "not_found", MethodNotAllowed = "method_not_allowed";

    public static readonly Counter Requests = Metrics.CreateCounter(
        "api_requests_total",
        "HTTP requests answered, by method, endpoint (route template) and status code.",
        new CounterConfiguration { LabelNames = ["method", "endpoint", "status"] });

    public static readonly Histogram Duration = Metrics.CreateHistogram(
        "api_request_duration_seconds",
        "Time to answer an HTTP request, by method and endpoint (route template).",
        new HistogramConfiguration
        {
            LabelNames = ["method", "endpoint"],
            Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
        });

    public static readonly LabelledCounter ValidationErrors = new(
        "api_validation_errors_total", "Problems found in rejected requests", "error_type",
        [.. EmailErrorCodes.All, InvalidJson, BodyTooLarge, UnsupportedMediaType, NotFound, MethodNotAllowed]);

    /// <summary>
    /// The statuses an email of a bulk submission can get: accepted, invalid, too large to queue, the queue not taking
    /// it (try again), or a failure of the Api's own.
    /// </summary>
    public static readonly LabelledCounter BulkEmails = new(
        "api_bulk_emails_total", "Emails of bulk submissions (POST /api/emails) answered", "status", [AcceptedStatus, "400", "413", "500", "503"]);

    /// <summary>The status label of an email of a bulk submission that is in the queue.</summary>
    public const string AcceptedStatus = "202";

    /// <summary>Creates every series with a label known in advance at 0, so each exists from the first scrape.</summary>
    public static void Initialize()
    {
        ValidationErrors.CreateSeries();
        BulkEmails.CreateSeries();
    }
}

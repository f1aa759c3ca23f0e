namespace EmailPipeline.Infrastructure.Sqs;

/// <summary>The queue both services use.</summary>
internal sealed class QueueOptions
{
    /// <summary>The environment variable that holds the queue URL.</summary>
    public const string UrlVariable = "SQS_QUEUE_URL";

    /// <summary>The queue's URL, e.g. https://sqs.eu-west-1.amazonaws.com/123456789012/emails. Required.</summary>
    public string QueueUrl { get; set; } = string.Empty;

    /// <summary>
    /// The URL of the queue named <paramref name="name"/> beside <paramref name="queueUrl"/>: a dead-letter queue lives
    /// in its queue's account and region, so its URL differs only in the name.
    /// </summary>
    public static string SiblingUrl(string queueUrl, string name) => string.Concat(queueUrl.AsSpan(0, queueUrl.LastIndexOf('/') + 1), name);

    public static bool IsValidUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}

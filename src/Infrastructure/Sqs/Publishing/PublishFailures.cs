namespace EmailPipeline.Infrastructure.Sqs.Publishing;

/// <summary>Why an email was not published: the values of <c>sqs_publish_failures_total{reason}</c>.</summary>
public static class PublishFailures
{
    /// <summary>Too many emails were waiting for a batch (Publisher:BacklogCapacity); SQS itself may be fine.</summary>
    public const string BacklogFull = "backlog_full";

    public const string Timeout = "timeout", Unavailable = "unavailable", Rejected = "rejected", Misconfigured = "misconfigured";

    public static IReadOnlyList<string> All { get; } = [BacklogFull, Timeout, Unavailable, Rejected, Misconfigured];
}

namespace EmailPipeline.Infrastructure.Sqs.Publishing;

/// <summary>Why an email was not published: the values of <c>sqs_publish_failures_total{reason}</c>, and the counter.</summary>
public static class PublishFailures
{
    /// <summary>Too many emails were waiting for a batch (Publisher:BacklogCapacity); SQS itself may be fine.</summary>
    public const string BacklogFull = "backlog_full";

    /// <summary>
    /// SQS did not acknowledge in time, could not be reached or failed (it may take the email if sent again), said
    /// the Api is set up wrong, or refused the email itself (sending it again will not help).
    /// </summary>
    public const string Timeout = "timeout", Unavailable = "unavailable", Misconfigured = "misconfigured", Rejected = "rejected";

    public static IReadOnlyList<string> All { get; } = [BacklogFull, Timeout, Unavailable, Rejected, Misconfigured];

    internal static readonly LabelledCounter Counter = new("sqs_publish_failures_total", "Emails that were not published", "reason", All);
}

namespace EmailPipeline.Infrastructure.Sqs.Publishing;

/// <summary>How the Api batches emails into SQS.</summary>
internal sealed class PublisherOptions
{
    public const string Section = "Publisher";

    /// <summary>Emails per SendMessageBatch request at most (SQS allows 10).</summary>
    public int MaxBatchSize { get; set; } = SqsLimits.MaxBatchEntries;

    /// <summary>SendMessageBatch requests in flight at once.</summary>
    public int MaxConcurrentBatches { get; set; } = 4;

    /// <summary>Emails waiting for a batch at most; beyond that, requests get 503 at once.</summary>
    public int BacklogCapacity { get; set; } = 4096;

    /// <summary>The most an email waits for SQS to acknowledge it, batching and retries included; then 503.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a batch that is not full waits for more emails. Zero (the default) never delays an email: batches
    /// fill while earlier ones are in flight.
    /// </summary>
    public TimeSpan Linger { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How long a batch that is not full waits for more emails while other batches are in flight: under load it
    /// makes fuller batches (fewer SQS requests per email); when the Api is quiet it never applies.
    /// </summary>
    public TimeSpan BusyLinger { get; set; } = TimeSpan.FromMilliseconds(2);
}

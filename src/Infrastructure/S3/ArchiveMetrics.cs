using Prometheus;

namespace EmailPipeline.Infrastructure.S3;

/// <summary>Writes to the archive bucket.</summary>
internal static class ArchiveMetrics
{
    public static readonly Counter UploadsSucceeded = Metrics.CreateCounter(
        "s3_uploads_success_total",
        "Objects written to S3.");

    public static readonly Counter UploadsFailed = Metrics.CreateCounter(
        "s3_uploads_failed_total",
        "Writes to S3 that failed (the message is retried later).");

    public static readonly Histogram Duration = Metrics.CreateHistogram(
        "s3_archive_duration_seconds",
        "Time to archive one email: the conditional write, and the comparison read when the key was taken.",
        new HistogramConfiguration { Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    public static readonly Counter Duplicates = Metrics.CreateCounter(
        "s3_archive_duplicates_total",
        "Emails found already archived with the same content (redeliveries): nothing written.");

    public static readonly Counter Collisions = Metrics.CreateCounter(
        "s3_archive_collisions_total",
        "Keys found holding another email from the same sender and second; the email went under its content hash.");
}

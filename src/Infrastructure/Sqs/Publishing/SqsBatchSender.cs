using System.Diagnostics;
using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace EmailPipeline.Infrastructure.Sqs.Publishing;

/// <summary>
/// Sends a batch of emails with SendMessageBatch and completes each with its own result: its message id, or why SQS
/// did not take it. One email's failure never fails another: SQS answers for each entry, and when it refuses a whole
/// request for what it carries, the batch is split in two and each half sent alone, down to the email it refuses.
/// An email SQS refuses is too large for the queue (413: the queue's limit is read again, since the reading this
/// email passed) or, if it fits, refused for a reason the Api did not foresee (500); any other failure is SQS's
/// (503, try again).
/// </summary>
internal sealed partial class SqsBatchSender(
    IAmazonSQS sqs, string queueUrl, QueueMessageLimit limit, TimeSpan budget, TimeProvider clock, ILogger logger)
{
    private static readonly Histogram BatchSize = Metrics.CreateHistogram(
        "sqs_publish_batch_size", "Emails per SendMessageBatch request.", new HistogramConfiguration { Buckets = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });

    private readonly AwsCall _aws = new(Dependencies.Sqs, clock, SqsMetrics.Requests);

    public async Task SendAsync(IReadOnlyList<BatchEntry<EmailMessage, string>> entries)
    {
        // An email whose caller has stopped waiting, and told its client to try again, is not sent.
        var batch = entries.Where(entry => !entry.IsCompleted).ToList();
        if (batch.Count == 0)
        {
            return;
        }

        BatchSize.Observe(batch.Count);

        // One request for several emails: its span belongs to no single trace, and links to each email's.
        using var activity = Tracing.Source.StartActivity(
            "emails send", ActivityKind.Client, parentContext: default,
            links: [.. batch.Select(e => e.Item.Context).Where(c => c != default).Distinct().Select(c => new ActivityLink(c))]);
        activity?.SetTag("messaging.system", "aws_sqs");
        activity?.SetTag("messaging.batch.message_count", batch.Count);
        var request = new SendMessageBatchRequest
        {
            QueueUrl = queueUrl,
            Entries = [.. batch.Select((entry, index) => new SendMessageBatchRequestEntry
            {
                Id = index.ToString(CultureInfo.InvariantCulture),
                MessageBody = entry.Item.Body,
                MessageAttributes = entry.Item.Attributes,
            })],
        };

        SendMessageBatchResponse response;
        try
        {
            response = await _aws.RunAsync(SqsOperations.SendMessageBatch, budget, token => sqs.SendMessageBatchAsync(request, token));
        }
        catch (DependencyUnavailableException refused) when (AwsFailure.RefusalCode(refused.InnerException) is { } code)
        {
            if (batch.Count == 1)
            {
                await RefuseAsync(batch[0], code);
                return;
            }

            LogSplit(logger, batch.Count, code);
            var half = batch.Count / 2;
            await Task.WhenAll(SendAsync([.. batch.Take(half)]), SendAsync([.. batch.Skip(half)]));
            return;
        }
        catch (Exception exception) when (exception is DependencyUnavailableException or DependencyMisconfiguredException)
        {
            // Counted once each: not the emails whose callers stopped waiting meanwhile (counted as timeouts).
            var waiting = batch.Where(entry => !entry.IsCompleted).ToList();
            PublishFailures.Counter.Inc(exception is DependencyMisconfiguredException ? PublishFailures.Misconfigured : PublishFailures.Unavailable, waiting.Count);
            LogBatchFailed(logger, exception, batch.Count, exception.Message);
            foreach (var entry in waiting)
            {
                entry.Fail(exception);
            }

            return;
        }

        // SDK v4 leaves absent collections null.
        foreach (var success in response.Successful ?? [])
        {
            batch[int.Parse(success.Id, CultureInfo.InvariantCulture)].Succeed(success.MessageId);
        }

        foreach (var failure in response.Failed ?? [])
        {
            var entry = batch[int.Parse(failure.Id, CultureInfo.InvariantCulture)];
            if (entry.IsCompleted)
            {
                continue; // its caller stopped waiting, and counted it
            }

            if (failure.SenderFault == true)
            {
                await RefuseAsync(entry, failure.Code);
                continue;
            }

            PublishFailures.Counter.Inc(PublishFailures.Unavailable);
            LogEntryFailed(logger, failure.Code, failure.Message);
            entry.Fail(new DependencyUnavailableException(Dependencies.Sqs, $"SQS did not take the email: {failure.Code}.", AwsFailure.DefaultRetryAfter));
        }

        // SQS answers for every entry. An answer that names an email neither way (an endpoint that is not SQS, or
        // skips part of the protocol) does not say it is queued: its sender is told to try again.
        var unanswered = batch.Where(entry => !entry.IsCompleted).ToList();
        if (unanswered.Count > 0)
        {
            PublishFailures.Counter.Inc(PublishFailures.Unavailable, unanswered.Count);
            LogUnanswered(logger, unanswered.Count, batch.Count);
            var noResult = new DependencyUnavailableException(
                Dependencies.Sqs, "SQS's answer gave no result for the email.", AwsFailure.DefaultRetryAfter);
            foreach (var entry in unanswered)
            {
                entry.Fail(noResult);
            }
        }
    }

    /// <summary>SQS refused this email itself: too large for the queue as it is now, or something the Api did not foresee.</summary>
    private async Task RefuseAsync(BatchEntry<EmailMessage, string> entry, string code)
    {
        PublishFailures.Counter.Inc(PublishFailures.Rejected);
        int queueLimit;
        try
        {
            queueLimit = await limit.ReadAsync();
        }
        catch (Exception exception) when (exception is DependencyUnavailableException or DependencyMisconfiguredException)
        {
            entry.Fail(exception);
            return;
        }

        LogRefused(logger, code, entry.Item.Size, queueLimit);
        entry.Fail(entry.Item.Size > queueLimit
            ? new PayloadTooLargeException(entry.Item.Size, queueLimit)
            : new InvalidOperationException($"SQS refused an email of {entry.Item.Size} bytes, within the queue's {queueLimit}: {code}."));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing a batch of {Count} emails to SQS failed: {Reason}")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQS refused a batch of {Count} emails ({Code}): sending it in two halves")]
    private static partial void LogSplit(ILogger logger, int count, string code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQS refused an email of {Size} bytes ({Code}); the queue takes up to {Limit}")]
    private static partial void LogRefused(ILogger logger, string code, int size, int limit);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQS's answer to a batch of {Count} emails gave no result for {Unanswered} of them")]
    private static partial void LogUnanswered(ILogger logger, int unanswered, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQS did not take one email of a batch: {Code}: {Reason}")]
    private static partial void LogEntryFailed(ILogger logger, string code, string reason);
}

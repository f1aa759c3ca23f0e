using System.Diagnostics;
using System.Globalization;
using System.Text;
using Amazon.SQS;
using Amazon.SQS.Model;
using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Emails;

namespace EmailPipeline.Infrastructure.Sqs.Publishing;

/// <summary>
/// Publishes emails to SQS, coalescing concurrent publishes into SendMessageBatch requests. Each caller waits for
/// its own entry's result: a publish completes only when SQS has acknowledged that message, and fails on its own
/// when only its entry of a batch failed.
/// </summary>
internal sealed partial class SqsEmailPublisher : IEmailQueue, IAsyncDisposable
{
    private static readonly Histogram BatchSize = Metrics.CreateHistogram(
        "sqs_publish_batch_size", "Emails per SendMessageBatch request.", new HistogramConfiguration { Buckets = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });

    private static readonly Histogram Duration = Metrics.CreateHistogram(
        "sqs_publish_duration_seconds",
        "Time from handing an email to the publisher to SQS acknowledging it (waiting for a batch included).",
        new HistogramConfiguration { Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    internal static readonly LabelledCounter Failures = new("sqs_publish_failures_total", "Emails that were not published", "reason", PublishFailures.All);
    private static readonly Gauge Backlog = Metrics.CreateGauge("sqs_publish_backlog", "Emails waiting for a batch to be sent to SQS.");

    private readonly IAmazonSQS _sqs;
    private readonly string _queueUrl;
    private readonly PublisherOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger<SqsEmailPublisher> _logger;
    private readonly AdaptiveBatcher<SqsMessage, string> _batcher;
    private readonly AwsCall _aws;

    public SqsEmailPublisher(
        IAmazonSQS sqs,
        IOptions<QueueOptions> queue,
        IOptions<PublisherOptions> options,
        TimeProvider clock,
        ILogger<SqsEmailPublisher> logger)
    {
        _sqs = sqs;
        _queueUrl = queue.Value.QueueUrl;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _aws = new AwsCall(Dependencies.Sqs, clock, SqsMetrics.Requests);
        _batcher = new AdaptiveBatcher<SqsMessage, string>(
            new BatcherSettings(
                Math.Clamp(_options.MaxBatchSize, 1, 10),
                PublisherOptions.SqsMaxBytes,
                _options.MaxConcurrentBatches,
                _options.BacklogCapacity,
                _options.Linger,
                _options.BusyLinger),
            SendBatchAsync,
            message => message.Size,
            clock,
            logger);
    }

    public async ValueTask<string> PublishAsync(OutgoingEmail email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        // The span whose context travels with the message: the Consumer's archive span continues it.
        using var activity = Tracing.Source.StartActivity("emails publish", ActivityKind.Producer);
        activity?.SetTag("messaging.system", "aws_sqs");
        activity?.SetTag("messaging.operation.type", "publish");
        var message = SqsMessage.From(email, Activity.Current);
        if (message.Size > _options.MaxMessageBytes)
        {
            throw new PayloadTooLargeException(message.Size, _options.MaxMessageBytes);
        }

        var started = _clock.GetTimestamp();
        if (!_batcher.TryAdd(message, out var acknowledged))
        {
            Failures.Inc(PublishFailures.BacklogFull);
            throw new DependencyUnavailableException(
                _aws.Dependency, "Too many emails are waiting for SQS; try again shortly.", TimeSpan.FromSeconds(1));
        }

        Backlog.Set(_batcher.Backlog);
        try
        {
            var messageId = await acknowledged.WaitAsync(_options.Timeout, _clock, cancellationToken);
            Duration.Observe(_clock.GetElapsedTime(started).TotalSeconds);
            activity?.SetTag("messaging.message.id", messageId);
            return messageId;
        }
        catch (TimeoutException exception)
        {
            // The email may still reach the queue; the client, told 503, will retry, and the archive's
            // content-addressed keys make the copy harmless.
            Failures.Inc(PublishFailures.Timeout);
            throw new DependencyUnavailableException(
                _aws.Dependency, $"SQS did not acknowledge the email within {_options.Timeout.TotalSeconds:0.#} s.",
                AwsFailure.DefaultRetryAfter, exception);
        }
    }

    public ValueTask DisposeAsync() => _batcher.DisposeAsync();

    private async Task SendBatchAsync(IReadOnlyList<BatchEntry<SqsMessage, string>> batch)
    {
        BatchSize.Observe(batch.Count);
        Backlog.Set(_batcher.Backlog);

        // One request for several emails: its span belongs to no single trace, and links to each email's.
        using var activity = Tracing.Source.StartActivity(
            "emails send", ActivityKind.Client, parentContext: default,
            links: [.. batch.Select(e => e.Item.Context).Where(c => c != default).Select(c => new ActivityLink(c))]);
        activity?.SetTag("messaging.system", "aws_sqs");
        activity?.SetTag("messaging.batch.message_count", batch.Count);
        var request = new SendMessageBatchRequest
        {
            QueueUrl = _queueUrl,
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
            response = await _aws.RunAsync(SqsOperations.SendMessageBatch, _options.Timeout, token => _sqs.SendMessageBatchAsync(request, token));
        }
        catch (Exception exception) when (exception is DependencyUnavailableException or DependencyMisconfiguredException)
        {
            Failures.Inc(exception is DependencyMisconfiguredException ? PublishFailures.Misconfigured : PublishFailures.Unavailable, batch.Count);
            LogBatchFailed(_logger, exception, batch.Count, exception.Message);
            foreach (var entry in batch)
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
            Failures.Inc(PublishFailures.Rejected);
            LogEntryRejected(_logger, failure.Code, failure.SenderFault ?? false, failure.Message);
            batch[int.Parse(failure.Id, CultureInfo.InvariantCulture)].Fail(new DependencyUnavailableException(
                _aws.Dependency, $"SQS did not take the email: {failure.Code}.", AwsFailure.DefaultRetryAfter));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing a batch of {Count} emails to SQS failed: {Reason}")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int count, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQS rejected one email of a batch: {Code} (sender fault: {SenderFault}): {Reason}")]
    private static partial void LogEntryRejected(ILogger logger, string code, bool senderFault, string reason);

    /// <summary>An email ready for SQS: its body, attributes, size as SQS counts it, and the trace it belongs to.</summary>
    private sealed record SqsMessage(string Body, Dictionary<string, MessageAttributeValue> Attributes, int Size, ActivityContext Context)
    {
        public static SqsMessage From(OutgoingEmail email, Activity? activity)
        {
            var body = Encoding.UTF8.GetString(EmailJson.Serialize(email.Email));
            var attributes = new Dictionary<string, MessageAttributeValue>(3)
            {
                [MessageAttributeNames.ReceivedAt] = StringAttribute(email.ReceivedAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)),
                [MessageAttributeNames.SchemaVersion] = StringAttribute(MessageAttributeNames.CurrentSchemaVersion),
            };
            if (activity?.Id is { } traceParent && activity.IdFormat == ActivityIdFormat.W3C)
            {
                attributes[MessageAttributeNames.TraceParent] = StringAttribute(traceParent);
            }

            // SQS counts the body, and each attribute's name, type and value, towards the message size.
            var size = Encoding.UTF8.GetByteCount(body) + attributes.Sum(a =>
                Encoding.UTF8.GetByteCount(a.Key) + a.Value.DataType.Length + Encoding.UTF8.GetByteCount(a.Value.StringValue));
            return new SqsMessage(body, attributes, size, activity?.Context ?? default);
        }

        private static MessageAttributeValue StringAttribute(string value) => new() { DataType = "String", StringValue = value };
    }
}

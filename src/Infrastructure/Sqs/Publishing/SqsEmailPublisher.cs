using System.Diagnostics;
using Amazon.SQS;
using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Emails;

namespace EmailPipeline.Infrastructure.Sqs.Publishing;

/// <summary>
/// Publishes emails to SQS. Each email is first made into its message and held against the queue's
/// <c>MaximumMessageSize</c> (<see cref="QueueMessageLimit"/>): one that cannot fit is refused at once, before it is
/// batched with any other. The rest are coalesced into SendMessageBatch requests (<see cref="AdaptiveBatcher{TItem, TResult}"/>,
/// <see cref="SqsBatchSender"/>); each caller waits for its own email's result, within <see cref="PublisherOptions.Timeout"/>.
/// </summary>
internal sealed class SqsEmailPublisher : IEmailQueue, IAsyncDisposable
{
    private static readonly Histogram Duration = Metrics.CreateHistogram(
        "sqs_publish_duration_seconds",
        "Time from handing an email to the publisher to SQS acknowledging it (waiting for a batch included).",
        new HistogramConfiguration { Buckets = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] });

    private static readonly Gauge Backlog = Metrics.CreateGauge("sqs_publish_backlog", "Emails waiting for a batch to be sent to SQS.");

    private readonly QueueMessageLimit _limit;
    private readonly PublisherOptions _options;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly SqsBatchSender _sender;
    private readonly BatcherSettings _batches;
    private readonly AdaptiveBatcher<EmailMessage, string> _batcher;

    public SqsEmailPublisher(
        IAmazonSQS sqs,
        IOptions<QueueOptions> queue,
        IOptions<PublisherOptions> options,
        QueueMessageLimit limit,
        TimeProvider clock,
        ILogger<SqsEmailPublisher> logger)
    {
        _limit = limit;
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        var sender = _sender = new SqsBatchSender(sqs, queue.Value.QueueUrl, limit, _options.Timeout, clock, logger);
        _batches = new BatcherSettings(
            Math.Clamp(_options.MaxBatchSize, 1, SqsLimits.MaxBatchEntries),
            SqsLimits.MaxBatchBytes,
            _options.MaxConcurrentBatches,
            _options.BacklogCapacity,
            _options.Linger,
            _options.BusyLinger);
        _batcher = new AdaptiveBatcher<EmailMessage, string>(
            _batches,
            batch =>
            {
                Backlog.Set(_batcher!.Backlog);
                return sender.SendAsync(batch);
            },
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
        var started = _clock.GetTimestamp();
        var message = EmailMessage.From(email, Activity.Current);
        BatchEntry<EmailMessage, string>? entry = null;
        try
        {
            var limit = await ReadLimitAsync(cancellationToken);
            if (message.Size > limit)
            {
                throw new PayloadTooLargeException(message.Size, limit);
            }

            if (!_batcher.TryAdd(message, out entry))
            {
                PublishFailures.Counter.Inc(PublishFailures.BacklogFull);
                throw new DependencyUnavailableException(
                    Dependencies.Sqs, "Too many emails are waiting for SQS; try again shortly.", TimeSpan.FromSeconds(1));
            }

            Backlog.Set(_batcher.Backlog);
            var left = _options.Timeout - _clock.GetElapsedTime(started);
            var messageId = await entry.Completion.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, _clock, cancellationToken);
            Duration.Observe(_clock.GetElapsedTime(started).TotalSeconds);
            activity?.SetTag("messaging.message.id", messageId);
            return messageId;
        }
        catch (TimeoutException exception)
        {
            // Given up on: its email is not sent if its batch has not gone yet, nor counted again if its batch fails.
            var unacknowledged = Unacknowledged(exception);
            entry?.Fail(unacknowledged);
            throw unacknowledged;
        }
    }

    /// <summary>
    /// The emails of one request, already together: each is held against the queue's limit as alone, and the rest go
    /// in batches as full as SQS takes (entries and bytes), all sent at once without waiting in the backlog. They
    /// share the request's trace. Each batch is one SQS call within <see cref="PublisherOptions.Timeout"/>.
    /// </summary>
    public async ValueTask<IReadOnlyList<EmailSubmission>> PublishAllAsync(IReadOnlyList<OutgoingEmail> emails, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(emails);
        var started = _clock.GetTimestamp();
        var outcomes = new EmailSubmission[emails.Count];
        int limit;
        try
        {
            limit = await ReadLimitAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is DependencyUnavailableException or DependencyMisconfiguredException or TimeoutException)
        {
            var failure = exception is TimeoutException ? Unacknowledged(exception) : exception;
            Array.Fill(outcomes, EmailSubmission.Refused(failure));
            return outcomes;
        }

        var entries = new BatchEntry<EmailMessage, string>?[emails.Count];
        var sends = new List<Task>((emails.Count / SqsLimits.MaxBatchEntries) + 1);
        var batch = new List<BatchEntry<EmailMessage, string>>(SqsLimits.MaxBatchEntries);
        var weight = 0;
        for (var i = 0; i < emails.Count; i++)
        {
            var message = EmailMessage.From(emails[i], Activity.Current);
            if (message.Size > limit)
            {
                outcomes[i] = EmailSubmission.Refused(new PayloadTooLargeException(message.Size, limit));
                continue;
            }

            if (!_batches.Takes(batch.Count, weight, message.Size))
            {
                sends.Add(BatchEntry<EmailMessage, string>.SendAsync(batch, _sender.SendAsync, _logger));
                batch = new List<BatchEntry<EmailMessage, string>>(SqsLimits.MaxBatchEntries);
                weight = 0;
            }

            batch.Add(entries[i] = new BatchEntry<EmailMessage, string>(message));
            weight += message.Size;
        }

        if (batch.Count > 0)
        {
            sends.Add(BatchEntry<EmailMessage, string>.SendAsync(batch, _sender.SendAsync, _logger));
        }

        // Each send completes its entries, within its SQS call's budget, and never throws.
        await Task.WhenAll(sends);
        var elapsed = _clock.GetElapsedTime(started).TotalSeconds;
        for (var i = 0; i < entries.Length; i++)
        {
            if (entries[i] is not { } entry)
            {
                continue;
            }

            if (entry.Completion.IsCompletedSuccessfully)
            {
                outcomes[i] = EmailSubmission.Accepted(entry.Completion.Result);
                Duration.Observe(elapsed);
            }
            else
            {
                outcomes[i] = EmailSubmission.Refused(entry.Completion.Exception!.InnerException!);
            }
        }

        return outcomes;
    }

    /// <summary>The queue's <c>MaximumMessageSize</c>, read (or known) within the publisher's timeout.</summary>
    private Task<int> ReadLimitAsync(CancellationToken cancellationToken) =>
        _limit.GetAsync(cancellationToken).AsTask().WaitAsync(_options.Timeout, _clock, cancellationToken);

    private DependencyUnavailableException Unacknowledged(Exception timeout)
    {
        // The email may still reach the queue; the client, told 503, will retry, and the archive's
        // content-addressed keys make the copy harmless.
        PublishFailures.Counter.Inc(PublishFailures.Timeout);
        return new DependencyUnavailableException(
            Dependencies.Sqs, $"SQS did not acknowledge the email within {_options.Timeout.TotalSeconds:0.#} s.", AwsFailure.DefaultRetryAfter, timeout);
    }

    public ValueTask DisposeAsync() => _batcher.DisposeAsync();
}

namespace EmailPipeline.Infrastructure.Sqs.DeadLetters;

/// <summary>
/// Moves dead letters back to the queue. Every message, with SQS's own message move task where the endpoint has one;
/// a number of them (<c>--max</c>), or every one where the endpoint has no move tasks, by hand, ten at a time:
/// receive (hidden for <see cref="DeadLetterOptions.Visibility"/>), send a copy to the queue, and delete only what the
/// queue acknowledged. So a message is never lost: stopped between batches, nothing is in two places and what was in
/// hand is put back; killed between a send and its delete, a message is in both queues, and is sent again by a later
/// redrive, which the Consumer's write-once archive absorbs (one email, one object).
/// </summary>
internal sealed partial class DeadLetterMover(SqsDeadLetters sqs, IOptions<DeadLetterOptions> options, TimeProvider clock, ILogger<DeadLetterMover> logger)
{
    /// <summary>Moving by hand, a progress line every this many messages.</summary>
    private const int ProgressEvery = 100;

    public async Task<RedriveResult> RedriveAsync(DeadLetterQueues queues, int? max, IProgress<string> progress, CancellationToken stop)
    {
        if (max is null)
        {
            try
            {
                return await MoveWithTaskAsync(queues, progress, stop);
            }
            catch (DependencyUnavailableException exception) when (AwsFailure.IsUnsupportedOperation(exception))
            {
                progress.Report("The endpoint has no StartMessageMoveTask: moving the messages ten at a time (receive, send, delete).");
            }
        }

        return await MoveByHandAsync(queues, max, progress, stop);
    }

    private async Task<RedriveResult> MoveWithTaskAsync(DeadLetterQueues queues, IProgress<string> progress, CancellationToken stop)
    {
        var sourceArn = await sqs.ArnAsync(queues.DeadLetterQueueUrl, CancellationToken.None);
        var destinationArn = await sqs.ArnAsync(queues.QueueUrl, CancellationToken.None);
        var handle = await sqs.StartMoveTaskAsync(sourceArn, destinationArn, CancellationToken.None);
        progress.Report($"Started an SQS message move task ({handle}).");
        MoveTaskStatus? status = null;
        while (status is null || status.IsRunning)
        {
            if (!await Pause.ForAsync(options.Value.MoveTaskPollInterval, clock, stop))
            {
                return new RedriveResult(RedriveMethod.MoveTask, status?.Moved ?? 0, 0, 0, Interrupted: true,
                    $"The move task goes on in SQS; to stop it: aws sqs cancel-message-move-task --task-handle {handle}");
            }

            status = await sqs.GetMoveTaskAsync(sourceArn, handle, CancellationToken.None);
            if (status is not null)
            {
                progress.Report($"{status.Moved} moved of about {status.ToMove?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} ({status.Status})");
            }
        }

        return new RedriveResult(RedriveMethod.MoveTask, status.Moved, 0, 0, Interrupted: false,
            status.Status == "COMPLETED" ? null : $"The move task ended {status.Status}: {status.FailureReason ?? "no reason given"}");
    }

    private async Task<RedriveResult> MoveByHandAsync(DeadLetterQueues queues, int? max, IProgress<string> progress, CancellationToken stop)
    {
        var copied = new HashSet<string>(StringComparer.Ordinal);    // dead letters whose copy the queue acknowledged
        var undeleted = new HashSet<string>(StringComparer.Ordinal); // ... and which are still in the dead-letter queue
        var notSent = 0;
        RedriveResult Result(bool interrupted, string? failure = null) =>
            new(RedriveMethod.ByHand, copied.Count - undeleted.Count, notSent, undeleted.Count, interrupted, failure);

        while (max is null || copied.Count < max)
        {
            if (stop.IsCancellationRequested)
            {
                return Result(interrupted: true);
            }

            // Never cancelled half-way: a receive cut short may already have taken messages off the queue.
            var batch = await sqs.ReceiveAsync(queues.DeadLetterQueueUrl, Math.Min(10, (max ?? int.MaxValue) - copied.Count), CancellationToken.None);
            if (batch.Count == 0)
            {
                return Result(interrupted: false);
            }

            if (stop.IsCancellationRequested)
            {
                await sqs.ReleaseAsync(queues.DeadLetterQueueUrl, batch.Select(m => m.ReceiptHandle), CancellationToken.None);
                return Result(interrupted: true);
            }

            try
            {
                // A message seen again in this run was copied already (its delete failed): it is deleted, not sent again.
                var fresh = batch.Where(m => !copied.Contains(m.MessageId)).ToList();
                var (sent, failures) = fresh.Count == 0 ? (new HashSet<string>(), []) : await sqs.SendAsync(queues.QueueUrl, fresh, CancellationToken.None);
                copied.UnionWith(sent);
                undeleted.UnionWith(sent);
                notSent += failures.Count;
                foreach (var failure in failures)
                {
                    LogNotSent(logger, failure);
                }

                var done = batch.Where(m => copied.Contains(m.MessageId)).ToList();
                var failedHandles = (await sqs.DeleteAsync(queues.DeadLetterQueueUrl, done.Select(m => m.ReceiptHandle), CancellationToken.None)).ToHashSet();
                undeleted.ExceptWith(done.Where(m => !failedHandles.Contains(m.ReceiptHandle)).Select(m => m.MessageId));
                if (copied.Count / ProgressEvery > (copied.Count - sent.Count) / ProgressEvery)
                {
                    progress.Report($"{copied.Count - undeleted.Count} moved");
                }
            }
            catch (Exception exception) when (exception is DependencyUnavailableException or DependencyMisconfiguredException)
            {
                return Result(interrupted: false,
                    $"{exception.Message} The messages in hand reappear in the dead-letter queue within {options.Value.Visibility.TotalSeconds:0} s.");
            }
        }

        return Result(interrupted: false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The queue refused a message ({Failure}); it stays in the dead-letter queue")]
    private static partial void LogNotSent(ILogger logger, string failure);
}

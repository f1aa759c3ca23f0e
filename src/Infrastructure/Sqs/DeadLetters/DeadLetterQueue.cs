namespace EmailPipeline.Infrastructure.Sqs.DeadLetters;

/// <summary><see cref="IDeadLetterQueue"/> on SQS: the calls, the reading and the moving, each in a class of its own.</summary>
internal sealed class DeadLetterQueue(SqsDeadLetters sqs, DeadLetterReader reader, DeadLetterMover mover) : IDeadLetterQueue
{
    public Task<DeadLetterQueues> LocateAsync(CancellationToken cancellationToken) => sqs.LocateAsync(cancellationToken);

    public Task<long> CountAsync(string queueUrl, CancellationToken cancellationToken) => sqs.CountAsync(queueUrl, cancellationToken);

    public IAsyncEnumerable<DeadLetter> ReadAsync(DeadLetterQueues queues, int? max, CancellationToken cancellationToken) =>
        reader.ReadAsync(queues, max, cancellationToken);

    public Task<RedriveResult> RedriveAsync(DeadLetterQueues queues, int? max, IProgress<string> progress, CancellationToken stop) =>
        mover.RedriveAsync(queues, max, progress, stop);
}

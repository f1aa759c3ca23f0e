using System.Runtime.CompilerServices;

namespace EmailPipeline.Infrastructure.Sqs.DeadLetters;

/// <summary>
/// Reads the dead-letter queue without changing it. SQS has no peek: each message is received (hidden from others for
/// <see cref="DeadLetterOptions.Visibility"/>), given out once, and put back, visible at once, when the reading ends,
/// however it ends. The reading ends at an empty receive, or at one that brings only messages already given out
/// (it outlasted their visibility).
/// </summary>
internal sealed class DeadLetterReader(SqsDeadLetters sqs)
{
    public async IAsyncEnumerable<DeadLetter> ReadAsync(DeadLetterQueues queues, int? max, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var held = new Dictionary<string, string>(StringComparer.Ordinal); // message id -> its latest receipt handle
        try
        {
            while (max is null || held.Count < max)
            {
                var batch = await sqs.ReceiveAsync(queues.DeadLetterQueueUrl, Math.Min(10, (max ?? int.MaxValue) - held.Count), cancellationToken);
                var fresh = batch.Where(m => !held.ContainsKey(m.MessageId)).ToList();
                foreach (var message in batch)
                {
                    held[message.MessageId] = message.ReceiptHandle;
                }

                if (fresh.Count == 0)
                {
                    yield break;
                }

                foreach (var message in fresh)
                {
                    yield return sqs.ToDeadLetter(message);
                }
            }
        }
        finally
        {
            // Not cancelled with the reading: what was taken off the queue goes back (a failure leaves it hidden until its
            // visibility ends, nothing worse).
            await sqs.ReleaseAsync(queues.DeadLetterQueueUrl, held.Values, CancellationToken.None);
        }
    }
}

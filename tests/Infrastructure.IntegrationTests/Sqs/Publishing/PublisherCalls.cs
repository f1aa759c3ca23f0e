using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using EmailPipeline.Application.Abstractions;
using EmailPipeline.Domain.Emails;
using EmailPipeline.Infrastructure.Sqs.Publishing;

namespace EmailPipeline.Infrastructure.IntegrationTests.Sqs.Publishing;

/// <summary>What the publisher tests do to it and watch it do.</summary>
internal static class PublisherCalls
{
    /// <summary>
    /// Publishes every email at once, as concurrent requests do; for each, in order, its message id or the exception
    /// its caller got.
    /// </summary>
    public static Task<object[]> PublishEachAsync(
        SqsEmailPublisher publisher, IEnumerable<Email> emails, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        Task.WhenAll(emails.Select(async email =>
        {
            try
            {
                return (object)await publisher.PublishAsync(new OutgoingEmail(email, receivedAt), cancellationToken);
            }
            catch (Exception exception)
            {
                return exception;
            }
        }));

    /// <summary>Counts the SendMessageBatch requests <paramref name="sqs"/> makes from now on.</summary>
    public static Func<int> CountBatches(AmazonSQSClient sqs)
    {
        var batches = 0;
        sqs.BeforeRequestEvent += (_, e) =>
        {
            if (e is WebServiceRequestEventArgs { Request: SendMessageBatchRequest })
            {
                Interlocked.Increment(ref batches);
            }
        };
        return () => Volatile.Read(ref batches);
    }
}

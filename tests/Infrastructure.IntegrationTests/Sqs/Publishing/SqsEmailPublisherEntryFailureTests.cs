using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Domain.Emails;
using EmailPipeline.Infrastructure.Sqs;
using EmailPipeline.Infrastructure.Sqs.Publishing;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailPipeline.Infrastructure.IntegrationTests.Sqs.Publishing;

/// <summary>
/// SendMessageBatch's answer for each entry, on fauxqs, which (like SQS) takes the rest of a batch and names the
/// entries it refuses, where moto refuses the whole request.
/// </summary>
public sealed class SqsEmailPublisherEntryFailureTests : IAsyncLifetime
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private FauxqsServer _fauxqs = null!;
    private AwsResources _aws = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fauxqs = await FauxqsServer.StartAsync();
        _aws = new AwsResources(AwsEndpoints.All(_fauxqs.Endpoint));
    }

    [Fact]
    public async Task Publish_WhenSqsRefusesOneEntryOfABatch_OnlyThatEmailFails_As413ByTheQueuesLimitReadAgain()
    {
        var queue = await _aws.CreateQueueAsync();
        var options = Options.Create(new QueueOptions { QueueUrl = queue.Url });
        var limit = new QueueMessageLimit(new SqsQueueClient(_aws.Sqs, options, TimeProvider.System), TimeProvider.System, NullLogger<QueueMessageLimit>.Instance);
        await using var publisher = new SqsEmailPublisher(
            _aws.Sqs, options, Options.Create(new PublisherOptions { MaxConcurrentBatches = 1, Linger = TimeSpan.FromMilliseconds(300) }),
            limit, TimeProvider.System, NullLogger<SqsEmailPublisher>.Instance);
        Assert.Equal(SqsLimits.MaxMessageBytes, await limit.ReadAsync());
        // The queue shrinks after the Api read its limit: the Api's check passes, SQS refuses.
        await _aws.Sqs.SetQueueAttributesAsync(queue.Url, new Dictionary<string, string> { ["MaximumMessageSize"] = "1024" }, Ct);
        var emails = Enumerable.Range(0, 10).Select(i => Email.Create($"Subject {i}", "John doe", "1693561101", i == 7 ? new string('c', 2000) : $"Content {i}"));

        var results = await PublisherCalls.PublishEachAsync(publisher, emails, ReceivedAt, Ct);

        Assert.All(results.Where((_, i) => i != 7), r => Assert.IsType<string>(r));
        Assert.Equal(1024, Assert.IsType<PayloadTooLargeException>(results[7]).Limit);
        Assert.Equal(9, await _aws.CountMessagesAsync(queue.Url));
    }

    public async ValueTask DisposeAsync()
    {
        _aws.Dispose();
        await _fauxqs.DisposeAsync();
    }
}

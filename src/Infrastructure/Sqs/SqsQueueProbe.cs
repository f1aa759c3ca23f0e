using EmailPipeline.Infrastructure.Health;

namespace EmailPipeline.Infrastructure.Sqs;

/// <summary>The queue exists and its attributes can be read.</summary>
internal sealed class SqsQueueProbe(IQueueClient queue) : IDependencyProbe
{
    public string Name => "sqs";

    public Task ProbeAsync(CancellationToken cancellationToken) => queue.GetAttributesAsync(cancellationToken);
}

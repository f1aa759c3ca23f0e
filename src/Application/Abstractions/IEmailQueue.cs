using EmailPipeline.Domain.Emails;

namespace EmailPipeline.Application.Abstractions;

/// <summary>The queue that accepted emails wait in until they are archived.</summary>
public interface IEmailQueue
{
    /// <summary>
    /// Publishes the email and completes only once the queue has acknowledged it, with the queue's message id.
    /// Throws <see cref="Common.Exceptions.DependencyUnavailableException"/> when the queue did not take it.
    /// </summary>
    ValueTask<string> PublishAsync(OutgoingEmail email, CancellationToken cancellationToken);
}

/// <summary>An accepted email and when the Api received it.</summary>
public sealed record OutgoingEmail(Email Email, DateTimeOffset ReceivedAt);

using EmailPipeline.Application.Emails;
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

    /// <summary>
    /// Publishes several emails together, in batches of as many as the queue takes per request, sent concurrently,
    /// and completes once the queue has answered for every one: one outcome per email, in order, each a message id or
    /// the exception <see cref="PublishAsync"/> would have thrown for that email alone.
    /// </summary>
    ValueTask<IReadOnlyList<EmailSubmission>> PublishAllAsync(IReadOnlyList<OutgoingEmail> emails, CancellationToken cancellationToken);
}

/// <summary>An accepted email and when the Api received it.</summary>
public sealed record OutgoingEmail(Email Email, DateTimeOffset ReceivedAt);

namespace EmailPipeline.Application.Emails;

/// <summary>
/// What became of one email: in the queue under <see cref="MessageId"/>, or not, for the reason the single-email use
/// case would have thrown (<see cref="FluentValidation.ValidationException"/> with the email's field paths, a
/// <see cref="Common.Exceptions.PayloadTooLargeException"/>, a <see cref="Common.Exceptions.DependencyUnavailableException"/>…).
/// </summary>
public sealed record EmailSubmission(string? MessageId, Exception? Failure)
{
    public static EmailSubmission Accepted(string messageId) => new(messageId, null);

    public static EmailSubmission Refused(Exception failure) => new(null, failure);
}

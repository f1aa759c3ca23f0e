namespace EmailPipeline.Application.Common.Exceptions;

/// <summary>
/// A service the use case depends on (the queue, the token store) cannot be reached, throttles, or is saturated.
/// The request was not carried out and may be retried after <see cref="RetryAfter"/>.
/// </summary>
public sealed class DependencyUnavailableException : Exception
{
    public DependencyUnavailableException(string dependency, string message, TimeSpan retryAfter, Exception? innerException = null)
        : base(message, innerException)
    {
        Dependency = dependency;
        RetryAfter = retryAfter;
    }

    /// <summary>A short, stable name: <c>sqs</c>, <c>ssm</c>, <c>s3</c>.</summary>
    public string Dependency { get; }

    public TimeSpan RetryAfter { get; }
}

namespace EmailPipeline.Application.Common.Exceptions;

/// <summary>
/// A dependency answered, but says the service is set up wrong: the queue, bucket or parameter does not exist, or
/// access to it is denied. Retrying will not help; an operator has to fix the configuration.
/// </summary>
public sealed class DependencyMisconfiguredException(string dependency, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>A short, stable name: <c>sqs</c>, <c>ssm</c>, <c>s3</c>.</summary>
    public string Dependency { get; } = dependency;
}

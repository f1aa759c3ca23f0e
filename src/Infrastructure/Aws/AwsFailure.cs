using System.Collections.Frozen;
using System.Net;
using Amazon.Runtime;

namespace EmailPipeline.Infrastructure.Aws;

/// <summary>
/// What a failed AWS call means to the Application, decided on the SDK's exception types and AWS's error codes
/// (never on message text): a misconfiguration that retrying cannot fix (a missing queue, bucket or parameter,
/// denied access, no region or credentials), or an outage that it can (network, throttling, 5xx, timeout).
/// </summary>
internal static class AwsFailure
{
    /// <summary>How long a client should wait before retrying after an outage.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    /// <summary>Error codes by which an AWS service says it is set up wrong for us, whatever the HTTP status.</summary>
    private static readonly FrozenSet<string> MisconfigurationCodes = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        // Identity and access.
        "AccessDenied", "AccessDeniedException", "AuthorizationError", "AllAccessDisabled", "InvalidAccessKeyId",
        "InvalidClientTokenId", "UnrecognizedClientException", "SignatureDoesNotMatch", "IncompleteSignature",
        "MissingAuthenticationToken", "ExpiredToken", "ExpiredTokenException", "OptInRequired",
        // Resources that are not there.
        "NoSuchBucket", "ParameterNotFound", "QueueDoesNotExist", "AWS.SimpleQueueService.NonExistentQueue",
        // The queue or the parameter's encryption key.
        "InvalidKeyId", "InvalidSecurity", "KMS.AccessDeniedException", "KMS.NotFoundException", "KMS.DisabledException",
        "KMS.InvalidStateException", "KMS.InvalidKeyUsageException", "KMS.OptInRequired");

    /// <summary>Error codes by which an endpoint says it has no such operation.</summary>
    private static readonly FrozenSet<string> UnsupportedOperationCodes = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "InvalidAction", "UnknownOperationException", "UnsupportedOperation", "AWS.SimpleQueueService.UnsupportedOperation", "NotImplemented");

    /// <summary>
    /// Error codes by which a service refuses a request for what it carries (too long, characters it does not take, a
    /// value out of range): sending it again unchanged gets the same answer.
    /// </summary>
    private static readonly FrozenSet<string> RefusalCodes = FrozenSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "BatchRequestTooLong", "AWS.SimpleQueueService.BatchRequestTooLong", "InvalidMessageContents", "InvalidParameterValue",
        "MessageTooLong");

    /// <summary>
    /// The error code when <paramref name="exception"/> (a failed call's, or the <c>InnerException</c> of the
    /// exception <see cref="Translate"/> made of it) says the request was refused for what it carries; else null.
    /// </summary>
    public static string? RefusalCode(Exception? exception) =>
        exception is AmazonServiceException { StatusCode: HttpStatusCode.BadRequest } service && RefusalCodes.Contains(service.ErrorCode ?? string.Empty)
            ? service.ErrorCode
            : null;

    public static bool IsMisconfiguration(Exception exception) => exception switch
    {
        AmazonServiceException service =>
            MisconfigurationCodes.Contains(service.ErrorCode ?? string.Empty) || service.StatusCode is HttpStatusCode.Forbidden,
        // The SDK refusing before any request went out: no region or endpoint, no credentials, an unknown profile.
        // When it wraps what a request met instead (retry capacity used up), that is what counts.
        AmazonClientException client => client.InnerException is null || IsMisconfiguration(client.InnerException),
        _ => false,
    };

    /// <summary>
    /// The Application exception for a failed call to <paramref name="dependency"/>, or null when
    /// <paramref name="exception"/> is not a failure of the call itself (a bug, or the caller cancelling).
    /// </summary>
    /// <param name="timedOut">Whether the call's own time budget ran out (a TimeoutException is the SDK's own running out).</param>
    public static Exception? Translate(string dependency, string operation, Exception exception, bool timedOut) => exception switch
    {
        _ when IsMisconfiguration(exception) => new DependencyMisconfiguredException(
            dependency, $"{operation} failed: {Describe(exception)}", exception),
        _ when exception is TimeoutException || (timedOut && exception is OperationCanceledException) => new DependencyUnavailableException(
            dependency, $"{operation} did not complete in time.", DefaultRetryAfter, exception),
        AmazonServiceException or AmazonClientException or HttpRequestException or IOException =>
            new DependencyUnavailableException(dependency, $"{operation} failed: {Describe(exception)}", DefaultRetryAfter, exception),
        _ => null,
    };

    /// <summary>
    /// Whether <paramref name="exception"/>, or an exception it wraps, says that the endpoint does not implement the
    /// operation: an error code for an unknown or unsupported action, 501 Not Implemented, or a server error that
    /// carries no AWS error code at all (what an emulator answers for an operation it lacks; AWS's own errors always
    /// have one).
    /// </summary>
    public static bool IsUnsupportedOperation(Exception? exception) => exception switch
    {
        null => false,
        AmazonServiceException service =>
            UnsupportedOperationCodes.Contains(service.ErrorCode ?? string.Empty) ||
            service.StatusCode is HttpStatusCode.NotImplemented ||
            (string.IsNullOrEmpty(service.ErrorCode) && (int)service.StatusCode >= 500),
        _ => IsUnsupportedOperation(exception.InnerException),
    };

    /// <summary>Whether <paramref name="exception"/>, or an exception it wraps, is an AWS error with the code <paramref name="code"/>.</summary>
    public static bool HasErrorCode(Exception? exception, string code) => exception switch
    {
        null => false,
        AmazonServiceException service when string.Equals(service.ErrorCode, code, StringComparison.OrdinalIgnoreCase) => true,
        _ => HasErrorCode(exception.InnerException, code),
    };

    private static string Describe(Exception exception) => exception is AmazonServiceException service
        ? $"{service.ErrorCode ?? service.GetType().Name} ({(int)service.StatusCode}): {service.Message}"
        : exception.Message;
}

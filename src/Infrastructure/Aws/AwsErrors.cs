using System.Net;
using Amazon.Runtime;
using EmailPipeline.Application.Common.Exceptions;

namespace EmailPipeline.Infrastructure.Aws;

/// <summary>
/// Turns what an AWS call threw into what the Application understands: a misconfiguration that retrying cannot fix
/// (missing resource, denied access, bad credentials), or an outage that it can (network, throttling, 5xx, timeout).
/// </summary>
internal static class AwsErrors
{
    private static readonly HashSet<string> MisconfigurationCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        "AccessDenied",
        "AccessDeniedException",
        "AuthorizationError",
        "InvalidAccessKeyId",
        "InvalidClientTokenId",
        "UnrecognizedClientException",
        "SignatureDoesNotMatch",
        "ExpiredToken",
        "ExpiredTokenException",
        "NoSuchBucket",
        "ParameterNotFound",
        "AWS.SimpleQueueService.NonExistentQueue",
        "QueueDoesNotExist",
        "KMS.AccessDeniedException",
        "KMS.NotFoundException",
        "KMS.DisabledException",
    };

    /// <summary>How long a client should wait before retrying after an outage.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(5);

    public static bool IsMisconfiguration(Exception exception) => exception switch
    {
        AmazonServiceException service =>
            MisconfigurationCodes.Contains(service.ErrorCode ?? string.Empty) ||
            service.GetType().Name is "QueueDoesNotExistException" or "ParameterNotFoundException" ||
            service.StatusCode is HttpStatusCode.Forbidden,
        // The SDK's complaints about its own setup: no region and no endpoint, no credentials anywhere.
        AmazonClientException client =>
            client.Message.Contains("No RegionEndpoint", StringComparison.Ordinal) ||
            client.Message.Contains("Failed to resolve AWS credentials", StringComparison.Ordinal),
        _ => false,
    };

    /// <summary>
    /// The Application exception for a failed call to <paramref name="dependency"/>, or null when
    /// <paramref name="exception"/> is not a failure of the call itself (a bug, or the caller cancelling).
    /// </summary>
    public static Exception? Translate(string dependency, string operation, Exception exception, bool timedOut) => exception switch
    {
        _ when IsMisconfiguration(exception) => new DependencyMisconfiguredException(
            dependency, $"{operation} failed: {Describe(exception)}", exception),
        OperationCanceledException when timedOut => new DependencyUnavailableException(
            dependency, $"{operation} did not complete in time.", DefaultRetryAfter, exception),
        AmazonServiceException or AmazonClientException or HttpRequestException or IOException =>
            new DependencyUnavailableException(dependency, $"{operation} failed: {Describe(exception)}", DefaultRetryAfter, exception),
        _ => null,
    };

    private static string Describe(Exception exception) => exception is AmazonServiceException service
        ? $"{service.ErrorCode ?? service.GetType().Name} ({(int)service.StatusCode}): {service.Message}"
        : exception.Message;
}

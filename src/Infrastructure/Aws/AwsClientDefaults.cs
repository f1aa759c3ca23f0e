using Amazon.Extensions.NETCore.Setup;
using Amazon.Runtime;

namespace EmailPipeline.Infrastructure.Aws;

/// <summary>
/// The AWS clients come from the SDK's own configuration: the <c>AWS</c> configuration section, <c>AWS_REGION</c>,
/// the default credential chain, <c>AWS_ENDPOINT_URL</c> / <c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>,
/// <c>AWS_MAX_ATTEMPTS</c>, <c>AWS_RETRY_MODE</c>. This class only fills in what the SDK leaves unfit for a
/// service (its HTTP timeout is 100 s), and only where nothing is configured.
/// </summary>
internal static class AwsClientDefaults
{
    /// <summary>Gives the client a per-attempt timeout unless one is configured, so a hung attempt is retried.</summary>
    public static void UseAttemptTimeout(ClientConfig config, TimeSpan attemptTimeout)
    {
        config.Timeout ??= attemptTimeout;
        config.ConnectTimeout ??= TimeSpan.FromSeconds(2);
    }

    /// <summary>
    /// Whether the SDK will know its region: from configuration, <c>AWS_REGION</c> or a profile. (With a custom
    /// endpoint, as with a local emulator, no region is needed.) Instance metadata is not consulted: it is slow to
    /// fail off AWS, and the services are deployed with <c>AWS_REGION</c> set.
    /// </summary>
    public static bool RegionIsKnown(AWSOptions options) =>
        options.Region is not null ||
        FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata: false) is not null ||
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL"));
}

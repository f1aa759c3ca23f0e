using Amazon.Runtime;
using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using Amazon.SQS;

namespace EmailPipeline.TestCommon;

/// <summary>
/// Where SQS, S3 and SSM answer: one emulator for all three, or one each (so that each can fail alone). The services
/// are pointed at them by the SDK's own variables, and tests get clients for them.
/// </summary>
public sealed record AwsEndpoints(Uri Sqs, Uri S3, Uri Ssm)
{
    public const string Region = "us-east-1";

    /// <summary>Any credentials do for an emulator; these never reach AWS.</summary>
    public static readonly BasicAWSCredentials Credentials = new("testing", "testing");

    public static AwsEndpoints All(Uri endpoint) => new(endpoint, endpoint, endpoint);

    /// <summary>The variables that point a service at these endpoints: the contract's AWS_ENDPOINT_URL(_*) and AWS_REGION.</summary>
    public IReadOnlyDictionary<string, string?> Variables => Sqs == S3 && S3 == Ssm
        ? new Dictionary<string, string?> { ["AWS_ENDPOINT_URL"] = Sqs.ToString(), ["AWS_REGION"] = Region }
        : new Dictionary<string, string?>
        {
            ["AWS_ENDPOINT_URL_SQS"] = Sqs.ToString(),
            ["AWS_ENDPOINT_URL_S3"] = S3.ToString(),
            ["AWS_ENDPOINT_URL_SSM"] = Ssm.ToString(),
            ["AWS_REGION"] = Region,
        };

    public AmazonSQSClient CreateSqsClient() => new(Credentials, new AmazonSQSConfig { ServiceURL = Sqs.ToString() });

    public AmazonS3Client CreateS3Client() => new(Credentials, new AmazonS3Config { ServiceURL = S3.ToString(), ForcePathStyle = true });

    /// <summary>An S3 client for an endpoint that is down or is not S3, without retries: a test sees its first answer.</summary>
    public static AmazonS3Client CreateS3ClientWithoutRetries(string url) =>
        new(Credentials, new AmazonS3Config { ServiceURL = url, ForcePathStyle = true, MaxErrorRetry = 0 });

    public AmazonSimpleSystemsManagementClient CreateSsmClient() =>
        new(Credentials, new AmazonSimpleSystemsManagementConfig { ServiceURL = Ssm.ToString() });
}

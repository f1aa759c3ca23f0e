using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using Amazon.SimpleSystemsManagement.Model;
using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Infrastructure.Aws;

namespace EmailPipeline.Infrastructure.UnitTests.Aws;

/// <summary>
/// Failures are told apart by the SDK's exception types and AWS's error codes, as the SDK builds them from an answer:
/// a misconfiguration stops the service, an outage is retried, anything else is not the call's failure at all.
/// </summary>
public sealed class AwsFailureTests
{
    public static TheoryData<Exception> Misconfigurations =>
    [
        Service<QueueDoesNotExistException>("AWS.SimpleQueueService.NonExistentQueue", HttpStatusCode.BadRequest),
        Service<QueueDoesNotExistException>("QueueDoesNotExist", HttpStatusCode.BadRequest),
        Service<KmsAccessDeniedException>("KMS.AccessDeniedException", HttpStatusCode.BadRequest),
        Service<AmazonS3Exception>("NoSuchBucket", HttpStatusCode.NotFound),
        Service<ParameterNotFoundException>("ParameterNotFound", HttpStatusCode.BadRequest),
        Service<InvalidKeyIdException>("InvalidKeyId", HttpStatusCode.BadRequest),
        Service<AmazonSQSException>("InvalidClientTokenId", HttpStatusCode.BadRequest),
        // Any service, any code: 403 is access denied.
        Service<AmazonServiceException>("SomethingNew", HttpStatusCode.Forbidden),
        // What the SDK throws before sending anything when it finds no region, endpoint or credentials.
        new AmazonClientException("No RegionEndpoint or ServiceURL configured"),
        new Amazon.Runtime.CredentialManagement.ProfileNotFoundException("no such profile"),
    ];

    public static TheoryData<Exception> Outages =>
    [
        Service<AmazonSQSException>("ThrottlingException", HttpStatusCode.BadRequest),
        Service<AmazonSQSException>("RequestThrottled", HttpStatusCode.BadRequest),
        Service<AmazonS3Exception>("SlowDown", HttpStatusCode.ServiceUnavailable),
        Service<AmazonServiceException>("InternalError", HttpStatusCode.InternalServerError),
        new HttpRequestException("Connection refused"),
        new IOException("The response ended prematurely."),
        new TimeoutException("The HTTP request timed out."),
        // The SDK out of retry capacity, carrying the outage it kept meeting.
        new AmazonClientException("There is insufficient capacity to attempt the request.", new HttpRequestException("Connection refused")),
    ];

    [Theory]
    [MemberData(nameof(Misconfigurations))]
    public void Translate_AMisconfiguration_IsDependencyMisconfigured_NamingTheOperation(Exception failure)
    {
        var translated = AwsFailure.Translate("sqs", "ReceiveMessage", failure, timedOut: false);

        var misconfigured = Assert.IsType<DependencyMisconfiguredException>(translated);
        Assert.Equal("sqs", misconfigured.Dependency);
        Assert.StartsWith("ReceiveMessage failed: ", misconfigured.Message, StringComparison.Ordinal);
        Assert.Same(failure, misconfigured.InnerException);
    }

    [Theory]
    [MemberData(nameof(Outages))]
    public void Translate_AnOutage_IsDependencyUnavailable_WithARetryAfter(Exception failure)
    {
        var translated = AwsFailure.Translate("s3", "PutObject", failure, timedOut: false);

        var unavailable = Assert.IsType<DependencyUnavailableException>(translated);
        Assert.Equal("s3", unavailable.Dependency);
        Assert.Equal(AwsFailure.DefaultRetryAfter, unavailable.RetryAfter);
    }

    [Fact]
    public void Translate_AServiceError_IsDescribedByItsCodeAndStatus()
    {
        var translated = AwsFailure.Translate("s3", "PutObject", Service<AmazonS3Exception>("NoSuchBucket", HttpStatusCode.NotFound), false);

        Assert.Equal("PutObject failed: NoSuchBucket (404): test", translated!.Message);
    }

    [Fact]
    public void Translate_TheBudgetRunningOut_IsUnavailable_ButTheCallerCancelling_IsNotAFailure()
    {
        var cancelled = new OperationCanceledException();

        Assert.IsType<DependencyUnavailableException>(AwsFailure.Translate("ssm", "GetParameter", cancelled, timedOut: true));
        Assert.Null(AwsFailure.Translate("ssm", "GetParameter", cancelled, timedOut: false));
    }

    [Fact]
    public void Translate_ABug_IsLeftAlone()
    {
        Assert.Null(AwsFailure.Translate("sqs", "ReceiveMessage", new InvalidOperationException("bug"), timedOut: false));
        Assert.Null(AwsFailure.Translate("sqs", "ReceiveMessage", new NullReferenceException(), timedOut: false));
    }

    public static TheoryData<Exception> UnsupportedOperations =>
    [
        Service<AmazonSQSException>("InvalidAction", HttpStatusCode.BadRequest),
        Service<AmazonSQSException>("UnknownOperationException", HttpStatusCode.BadRequest),
        Service<AmazonSQSException>("AWS.SimpleQueueService.UnsupportedOperation", HttpStatusCode.BadRequest),
        Service<AmazonSQSException>("Whatever", HttpStatusCode.NotImplemented),
        // What moto answers for an operation it routes but does not implement: a bare 500, no AWS error code.
        Service<AmazonSQSException>(string.Empty, HttpStatusCode.InternalServerError),
        new DependencyUnavailableException("sqs", "StartMessageMoveTask failed", TimeSpan.Zero, Service<AmazonSQSException>(string.Empty, HttpStatusCode.InternalServerError)),
    ];

    public static TheoryData<Exception> SupportedOperationsFailing =>
    [
        Service<AmazonSQSException>("InternalError", HttpStatusCode.InternalServerError),
        Service<AmazonSQSException>("AccessDenied", HttpStatusCode.Forbidden),
        Service<AmazonSQSException>("InvalidParameterValue", HttpStatusCode.BadRequest),
        new HttpRequestException("Connection refused"),
    ];

    [Theory]
    [MemberData(nameof(UnsupportedOperations))]
    public void IsUnsupportedOperation_ByCodeStatusOrTheAbsenceOfACode(Exception failure) =>
        Assert.True(AwsFailure.IsUnsupportedOperation(failure));

    [Theory]
    [MemberData(nameof(SupportedOperationsFailing))]
    public void IsUnsupportedOperation_NotForAnAwsErrorOrAnOutage(Exception failure) =>
        Assert.False(AwsFailure.IsUnsupportedOperation(failure));

    [Fact]
    public void HasErrorCode_FindsTheCodeInsideTheApplicationsException()
    {
        var wrapped = new DependencyUnavailableException("ssm", "failed", TimeSpan.Zero, Service<ParameterVersionNotFoundException>("ParameterVersionNotFound", HttpStatusCode.BadRequest));

        Assert.True(AwsFailure.HasErrorCode(wrapped, "ParameterVersionNotFound"));
        Assert.False(AwsFailure.HasErrorCode(wrapped, "ParameterNotFound"));
        Assert.False(AwsFailure.HasErrorCode(new IOException("reset"), "ParameterVersionNotFound"));
    }

    /// <summary>A service exception as the SDK's unmarshallers make them: with the code and status of the answer.</summary>
    private static T Service<T>(string errorCode, HttpStatusCode status) where T : AmazonServiceException =>
        (T)Activator.CreateInstance(typeof(T), "test", null, ErrorType.Sender, errorCode, "request-1", status)!;
}

using Amazon.S3;
using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Infrastructure.S3;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EmailPipeline.Infrastructure.IntegrationTests.S3;

public sealed class S3HealthCheckTests(MotoServer moto) : IDisposable
{
    private readonly AwsResources _aws = new(moto);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ABucketThatIsThere_IsHealthy()
    {
        var bucket = await _aws.CreateBucketAsync();

        var result = await Check(_aws.S3, bucket).CheckHealthAsync(new HealthCheckContext(), Ct);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    [Fact]
    public async Task NoBucket_IsAMisconfiguration()
    {
        var result = await Check(_aws.S3, $"missing-{Guid.NewGuid():N}").CheckHealthAsync(new HealthCheckContext(), Ct);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.IsType<DependencyMisconfiguredException>(result.Exception);
    }

    [Fact]
    public async Task AnEndpointThatAnswersAnything_IsNotReady()
    {
        using var notS3 = StubEndpoint.Answering(200, "<html>welcome</html>", "text/html");
        using var s3 = AwsEndpoints.CreateS3ClientWithoutRetries(notS3.Url.ToString());

        var result = await Check(s3, "archive").CheckHealthAsync(new HealthCheckContext(), Ct);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.IsType<DependencyUnavailableException>(result.Exception);
        Assert.Equal(1, notS3.Requests);
    }

    public void Dispose() => _aws.Dispose();

    private static S3HealthCheck Check(IAmazonS3 s3, string bucket) =>
        new(s3, Options.Create(new ArchiveOptions { BucketName = bucket }), TimeProvider.System);
}

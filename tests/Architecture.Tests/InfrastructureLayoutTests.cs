using NetArchTest.Rules;
using static EmailPipeline.Architecture.Tests.LayerTests;

namespace EmailPipeline.Architecture.Tests;

/// <summary>
/// Inside Infrastructure, each AWS service's SDK stays in the area named for it, beside the composition root that
/// registers its client; the shared helpers and the poll loop know no service's SDK. A failure names the types.
/// </summary>
public sealed class InfrastructureLayoutTests
{
    private const string Root = Layers.InfrastructureNamespace;

    private static Types InfrastructureTypes => Types.InAssembly(Layers.Infrastructure);

    [Theory]
    [InlineData("Amazon.SQS", Root + ".Sqs")]
    [InlineData("Amazon.S3", Root + ".S3")]
    [InlineData("Amazon.SimpleSystemsManagement", Root + ".Ssm")]
    public void AnAwsServicesSdk_IsUsedInItsOwnArea_AndWhereItsClientIsRegistered_Only(string sdk, string area)
    {
        var outside = InfrastructureTypes
            .That().DoNotResideInNamespace(area)
            .And().DoNotHaveName(nameof(Infrastructure.DependencyInjection))
            .Should().NotHaveDependencyOn(sdk)
            .GetResult();

        AssertSuccessful(outside);
        // The rule can fail: the area does use its SDK.
        Assert.False(InfrastructureTypes
            .That().ResideInNamespace(area).Should().NotHaveDependencyOn(sdk).GetResult().IsSuccessful);
    }

    [Fact]
    public void TheSharedAwsHelpers_KnowNoServicesSdk()
    {
        var result = InfrastructureTypes
            .That().ResideInNamespace(Root + ".Aws").Or().ResideInNamespace(Root + ".Health").Or().ResideInNamespace(Root + ".Observability")
            .Should().NotHaveDependencyOnAny("Amazon.SQS", "Amazon.S3", "Amazon.SimpleSystemsManagement")
            .GetResult();

        AssertSuccessful(result);
    }

    [Fact]
    public void ThePoller_WorksThroughTheQueueClient_NotTheSdk()
    {
        var result = InfrastructureTypes
            .That().ResideInNamespace(Root + ".Sqs.Polling")
            .Should().NotHaveDependencyOn("Amazon")
            .GetResult();

        AssertSuccessful(result);
    }

    [Fact]
    public void EveryAdaptersAwsCall_GoesThroughAwsCall()
    {
        // An adapter that catches the SDK's exceptions itself is a second copy of the budget and the translation.
        const string serviceErrors = "Amazon.Runtime.AmazonServiceException";
        var result = InfrastructureTypes.That().DoNotResideInNamespace(Root + ".Aws").Should().NotHaveDependencyOn(serviceErrors).GetResult();

        AssertSuccessful(result);
        Assert.False(InfrastructureTypes.That().ResideInNamespace(Root + ".Aws").Should().NotHaveDependencyOn(serviceErrors).GetResult().IsSuccessful);
    }
}

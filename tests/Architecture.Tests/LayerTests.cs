using System.Reflection;
using NetArchTest.Rules;

namespace EmailPipeline.Architecture.Tests;

/// <summary>Who may depend on whom. A failure names every offending type.</summary>
public sealed class LayerTests
{
    [Fact]
    public void Domain_DependsOnNothingButTheBaseLibrary()
    {
        var result = Types.InAssembly(Layers.Domain)
            .Should().NotHaveDependencyOnAny(
                Layers.ApplicationNamespace, Layers.InfrastructureNamespace, Layers.ApiNamespace, Layers.ConsumerNamespace,
                "Mediator", "FluentValidation", "Amazon", "Microsoft.AspNetCore", "Microsoft.Extensions", "Prometheus")
            .GetResult();

        AssertSuccessful(result);
        Assert.Empty(ProjectReferences(Layers.Domain));
    }

    [Fact]
    public void Application_DependsOnTheDomainOnly_PlusMediatorAndFluentValidation()
    {
        var result = Types.InAssembly(Layers.Application)
            .Should().NotHaveDependencyOnAny(
                Layers.InfrastructureNamespace, Layers.ApiNamespace, Layers.ConsumerNamespace,
                "Amazon", "Microsoft.AspNetCore", "Prometheus", "Scrutor")
            .GetResult();

        AssertSuccessful(result);
        Assert.Equal(["EmailPipeline.Domain"], ProjectReferences(Layers.Application));
    }

    [Fact]
    public void OnlyInfrastructure_SeesTheAwsSdk()
    {
        foreach (var assembly in new[] { Layers.Domain, Layers.Application, Layers.ServiceDefaults, Layers.Api, Layers.Consumer })
        {
            AssertSuccessful(Types.InAssembly(assembly).Should().NotHaveDependencyOn("Amazon").GetResult());
        }

        // The rule can fail: it does find the SDK where it is used.
        Assert.False(Types.InAssembly(Layers.Infrastructure).Should().NotHaveDependencyOn("Amazon").GetResult().IsSuccessful);
    }

    [Fact]
    public void Infrastructure_DoesNotKnowTheHosts()
    {
        var result = Types.InAssembly(Layers.Infrastructure)
            .Should().NotHaveDependencyOnAny(Layers.ApiNamespace, Layers.ConsumerNamespace, "Microsoft.AspNetCore")
            .GetResult();

        AssertSuccessful(result);
    }

    [Fact]
    public void ServiceDefaults_DoesNotKnowTheHosts()
    {
        var result = Types.InAssembly(Layers.ServiceDefaults)
            .Should().NotHaveDependencyOnAny(Layers.ApiNamespace, Layers.ConsumerNamespace)
            .GetResult();

        AssertSuccessful(result);
        Assert.DoesNotContain("EmailPipeline.Api", ProjectReferences(Layers.ServiceDefaults));
        Assert.DoesNotContain("EmailPipeline.Consumer", ProjectReferences(Layers.ServiceDefaults));
    }

    [Fact]
    public void Hosts_DoNotReferenceEachOther()
    {
        Assert.DoesNotContain("EmailPipeline.Consumer", ProjectReferences(Layers.Api));
        Assert.DoesNotContain("EmailPipeline.Api", ProjectReferences(Layers.Consumer));
        AssertSuccessful(Types.InAssembly(Layers.Api).Should().NotHaveDependencyOn(Layers.ConsumerNamespace).GetResult());
        AssertSuccessful(Types.InAssembly(Layers.Consumer).Should().NotHaveDependencyOn(Layers.ApiNamespace).GetResult());
    }

    [Fact]
    public void Hosts_UseTheApplicationThroughTheMediator_NotItsHandlers()
    {
        foreach (var host in new[] { Layers.Api, Layers.Consumer })
        {
            var result = Types.InAssembly(host)
                .Should().NotHaveDependencyOnAny([.. HandlerTypeNames()])
                .GetResult();
            AssertSuccessful(result);
        }
    }

    internal static void AssertSuccessful(NetArchTest.Rules.TestResult result) =>
        Assert.True(result.IsSuccessful, "Offending types: " + string.Join(", ", result.FailingTypeNames ?? []));

    private static List<string> ProjectReferences(Assembly assembly) =>
        [.. assembly.GetReferencedAssemblies()
            .Select(name => name.Name!)
            .Where(name => name.StartsWith("EmailPipeline.", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    private static IEnumerable<string> HandlerTypeNames() =>
        Layers.Application.GetTypes()
            .Where(t => t.Name.EndsWith("CommandHandler", StringComparison.Ordinal))
            .Select(t => t.FullName!);
}

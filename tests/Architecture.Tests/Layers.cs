using System.Reflection;

namespace EmailPipeline.Architecture.Tests;

/// <summary>The assemblies of the solution, one per layer or host.</summary>
internal static class Layers
{
    public static readonly Assembly Domain = typeof(Domain.Emails.Email).Assembly;
    public static readonly Assembly Application = typeof(Application.DependencyInjection).Assembly;
    public static readonly Assembly Infrastructure = typeof(Infrastructure.DependencyInjection).Assembly;
    public static readonly Assembly Api = typeof(Api.DependencyInjection).Assembly;
    public static readonly Assembly Consumer = typeof(Consumer.DependencyInjection).Assembly;
    public static readonly Assembly ServiceDefaults = typeof(ServiceDefaults.ServiceDefaultsExtensions).Assembly;

    public const string DomainNamespace = "EmailPipeline.Domain";
    public const string ApplicationNamespace = "EmailPipeline.Application";
    public const string InfrastructureNamespace = "EmailPipeline.Infrastructure";
    public const string ApiNamespace = "EmailPipeline.Api";
    public const string ConsumerNamespace = "EmailPipeline.Consumer";
    public const string ServiceDefaultsNamespace = "EmailPipeline.ServiceDefaults";
}

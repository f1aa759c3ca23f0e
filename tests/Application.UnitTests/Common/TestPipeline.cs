using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Common.Security;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using static EmailPipeline.Application.UnitTests.Emails.SampleEmails;

namespace EmailPipeline.Application.UnitTests.Common;

/// <summary>The real pipeline (<c>AddApplication</c>) for some use cases, over substituted ports, at <see cref="SampleTime"/>.</summary>
internal static class TestPipeline
{
    /// <summary>The one token <see cref="Build"/>'s token source accepts.</summary>
    public const string Secret = DevelopmentToken.Value;

    /// <summary>
    /// The use cases of <paramref name="commands"/>, with <paramref name="tokens"/> made to accept <see cref="Secret"/>
    /// only and <paramref name="ports"/> registering the rest; scopes and registrations are validated as they are built.
    /// </summary>
    public static ServiceProvider Build(IAccessTokenSource tokens, Action<IServiceCollection> ports, params IReadOnlyCollection<Type> commands)
    {
        var services = new ServiceCollection().AddLogging().AddApplication(commands);
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(SampleTime));
        services.AddSingleton(tokens);
        ports(services);

        tokens.AuthenticateAsync(Arg.Any<string>(), Arg.Any<CancellationToken>()).Returns(TokenMatch.None);
        tokens.AuthenticateAsync(Secret, Arg.Any<CancellationToken>()).Returns(TokenMatch.Current);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
    }
}

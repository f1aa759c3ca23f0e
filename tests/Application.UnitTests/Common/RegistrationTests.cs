using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Emails.ArchiveEmail;
using EmailPipeline.Application.Emails.SubmitEmail;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;

namespace EmailPipeline.Application.UnitTests.Common;

/// <summary>A host registers the use cases it runs, and provides the ports of those only.</summary>
public sealed class RegistrationTests
{
    [Fact]
    public void AHostWithOneUseCase_BuildsWithValidateOnBuild_GivenThePortsOfThatUseCaseOnly()
    {
        var services = new ServiceCollection().AddLogging()
            .AddApplication(typeof(SubmitEmailCommand))
            .AddSingleton(Substitute.For<IEmailQueue>())
            .AddSingleton(Substitute.For<IAccessTokenSource>());

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        using var scope = provider.CreateScope();

        Assert.NotNull(scope.ServiceProvider.GetService<ICommandHandler<SubmitEmailCommand, SubmitEmailResult>>());
        Assert.Null(scope.ServiceProvider.GetService<ICommandHandler<ArchiveEmailCommand, ArchiveEmailResult>>());
        Assert.NotNull(provider.GetService<IValidator<SubmitEmailCommand>>());
        Assert.Null(provider.GetService<IValidator<ArchiveEmailCommand>>());
    }

    [Fact]
    public void TheOtherHost_BuildsWithValidateOnBuild_WithoutTheFirstOnesPorts()
    {
        var services = new ServiceCollection().AddLogging()
            .AddApplication(typeof(ArchiveEmailCommand))
            .AddSingleton(Substitute.For<IArchiveStore>());

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        using var scope = provider.CreateScope();

        Assert.NotNull(scope.ServiceProvider.GetService<ICommandHandler<ArchiveEmailCommand, ArchiveEmailResult>>());
        Assert.Empty(scope.ServiceProvider.GetServices<IPipelineBehavior<SubmitEmailCommand, SubmitEmailResult>>());
    }

    [Fact]
    public void AUseCaseWhosePortIsMissing_FailsTheBuild()
    {
        var services = new ServiceCollection().AddLogging().AddApplication(typeof(ArchiveEmailCommand));

        Assert.Throws<AggregateException>(() => services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true }));
    }

    [Fact]
    public void EveryCommandOfTheApplication_IsAUseCaseAHostCanRegister_WithItsValidator()
    {
        var commands = typeof(SubmitEmailCommand).Assembly.GetTypes()
            .Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>)))
            .ToList();

        Assert.NotEmpty(commands);
        Assert.All(commands, command =>
        {
            using var provider = new ServiceCollection().AddLogging().AddApplication(command).BuildServiceProvider();
            Assert.NotNull(provider.GetService(typeof(IValidator<>).MakeGenericType(command)));
        });
    }

    [Theory]
    [InlineData(typeof(string))]
    [InlineData(typeof(SubmitEmailResult))]
    public void NamingSomethingThatIsNotACommand_IsRefused(Type notACommand)
    {
        Assert.Throws<ArgumentException>(() => new ServiceCollection().AddApplication(notACommand));
    }
}

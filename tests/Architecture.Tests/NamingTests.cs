using FluentValidation;
using Mediator;
using NetArchTest.Rules;
using static EmailPipeline.Architecture.Tests.LayerTests;

namespace EmailPipeline.Architecture.Tests;

/// <summary>A use case is a folder of a command, its handler and its validator, named after each other.</summary>
public sealed class NamingTests
{
    [Fact]
    public void Commands_AreSealedRecords_NamedCommand()
    {
        var commands = Types.InAssembly(Layers.Application).That().ImplementInterface(typeof(ICommand<>));

        AssertSuccessful(commands.Should().HaveNameEndingWith("Command").And().BeSealed().GetResult());
        Assert.All(commands.GetTypes(), type => Assert.True(IsRecord(type), $"{type.FullName} is not a record"));
    }

    [Fact]
    public void CommandHandlers_AreInternalSealed_NamedAfterTheirCommand()
    {
        var handlers = Types.InAssembly(Layers.Application).That().ImplementInterface(typeof(ICommandHandler<,>)).GetTypes().ToList();

        Assert.NotEmpty(handlers);
        Assert.All(handlers, handler =>
        {
            var command = handler.GetInterfaces()
                .Single(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommandHandler<,>))
                .GetGenericArguments()[0];
            Assert.Equal(command.Name + "Handler", handler.Name);
            Assert.Equal(command.Namespace, handler.Namespace);
            Assert.True(handler.IsNotPublic && handler.IsSealed, $"{handler.FullName} should be internal sealed");
        });
    }

    [Fact]
    public void Validators_AreInternalSealed_NamedValidator_BesideWhatTheyValidate()
    {
        var validators = Types.InAssembly(Layers.Application).That().Inherit(typeof(AbstractValidator<>)).GetTypes().ToList();

        Assert.NotEmpty(validators);
        Assert.All(validators, validator =>
        {
            var validated = validator.BaseType!.GetGenericArguments()[0];
            Assert.Equal(validated.Name + "Validator", validator.Name);
            Assert.Equal(validated.Namespace, validator.Namespace);
            Assert.True(validator.IsNotPublic && validator.IsSealed, $"{validator.FullName} should be internal sealed");
        });
    }

    [Fact]
    public void EveryCommand_HasAHandlerAndAValidator()
    {
        var types = Layers.Application.GetTypes();
        var commands = types.Where(t => t.GetInterfaces().Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICommand<>)));

        Assert.All(commands, command =>
        {
            Assert.Contains(types, t => t.Name == command.Name + "Handler");
            Assert.Contains(types, t => t.Name == command.Name + "Validator");
        });
    }

    [Fact]
    public void PortsOfTheApplication_AreInterfacesInAbstractions()
    {
        var result = Types.InAssembly(Layers.Application)
            .That().ResideInNamespace("EmailPipeline.Application.Abstractions").And().AreInterfaces()
            .Should().HaveNameStartingWith("I")
            .GetResult();

        AssertSuccessful(result);
        Assert.NotEmpty(Types.InAssembly(Layers.Application).That().ResideInNamespace("EmailPipeline.Application.Abstractions").And().AreInterfaces().GetTypes());
    }

    [Fact]
    public void DomainValueObjects_AreSealed()
    {
        AssertSuccessful(Types.InAssembly(Layers.Domain).That().AreClasses().And().AreNotAbstract().Should().BeSealed().Or().BeStatic().GetResult());
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;
}

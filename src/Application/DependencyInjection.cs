using System.Diagnostics.CodeAnalysis;
using EmailPipeline.Application.Common.Behaviours;
using EmailPipeline.Application.Emails.ArchiveEmail;
using EmailPipeline.Application.Emails.SubmitEmail;
using EmailPipeline.Application.Emails.SubmitEmails;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace EmailPipeline.Application;

public static class DependencyInjection
{
    /// <summary>
    /// Every use case, by its command, with the registration of its validator. Listed, not found by scanning the
    /// assembly: a natively compiled host keeps no metadata of types it does not name, so a scan finds nothing.
    /// </summary>
    private static readonly Dictionary<Type, Action<IServiceCollection>> UseCases = new()
    {
        [typeof(SubmitEmailCommand)] = AddValidator<SubmitEmailCommand, SubmitEmailCommandValidator>,
        [typeof(SubmitEmailsCommand)] = AddValidator<SubmitEmailsCommand, SubmitEmailsCommandValidator>,
        [typeof(ArchiveEmailCommand)] = AddValidator<ArchiveEmailCommand, ArchiveEmailCommandValidator>,
    };

    /// <summary>
    /// The use cases a host runs, named by their commands (<c>typeof(SubmitEmailCommand)</c>): their handlers and
    /// validators, and the mediator with the pipeline every message passes through. Other use cases' handlers are left
    /// out, so a host provides the ports of its own use cases only, and its container can check that it does.
    /// </summary>
    public static IServiceCollection AddApplication(this IServiceCollection services, params IReadOnlyCollection<Type> commands)
    {
        var useCases = CommandsOf(commands);
        services.AddMediator(options =>
        {
            options.Namespace = "EmailPipeline.Application.Mediator";
            options.GenerateTypesAsInternal = true;
            // A scope per request (Api) and per message (Consumer), so handlers may use scoped services.
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(DependencyInjection)];
            // The order in which every message passes through them, outermost first:
            options.PipelineBehaviors =
            [
                typeof(LoggingBehaviour<,>),        // 1. trace every message, whatever happens below
                typeof(TimingBehaviour<,>),         // 2. time it, including authentication and validation
                typeof(AuthenticationBehaviour<,>), // 3. reject a wrong token before saying anything about the input
                typeof(ValidationBehaviour<,>),     // 4. reject invalid input with every failing field
            ];
        });
        RemoveOtherUseCases(services, useCases);
        KeepHandlersAndBehavioursOnce(services);
        services.AddValidators(commands);
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    /// <summary>
    /// The validators of the use cases named by their commands, and nothing else: for a tool that checks input as a use
    /// case would without running it (the Consumer's dead-letter command says why a message would be refused).
    /// </summary>
    public static IServiceCollection AddValidators(this IServiceCollection services, params IReadOnlyCollection<Type> commands)
    {
        foreach (var command in CommandsOf(commands))
        {
            UseCases[command](services);
        }

        return services;
    }

    private static HashSet<Type> CommandsOf(IReadOnlyCollection<Type> commands)
    {
        var wrong = commands.FirstOrDefault(c => !UseCases.ContainsKey(c));
        if (commands.Count == 0 || wrong is not null)
        {
            throw new ArgumentException(
                $"Name the use cases by their commands, e.g. typeof(SubmitEmailCommand), not {wrong?.Name ?? "none"}.", nameof(commands));
        }

        return [.. commands];
    }

    /// <summary>
    /// The mediator registers, for every use case of this assembly, its handler and the pipeline closed over its
    /// command; only the host's stay. (Its per-message wrappers stay: they need nothing, and it requires them all.)
    /// </summary>
    private static void RemoveOtherUseCases(IServiceCollection services, HashSet<Type> useCases)
    {
        foreach (var descriptor in UseCaseRegistrations(services, command => !useCases.Contains(command)))
        {
            services.Remove(descriptor);
        }
    }

    private static void AddValidator<TCommand, [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TValidator>(
        IServiceCollection services)
        where TValidator : class, IValidator<TCommand> =>
        services.AddSingleton<IValidator<TCommand>, TValidator>();

    /// <summary>
    /// Handlers and behaviours depend on singletons only (the publisher, the archive store, the token source, loggers,
    /// the clock), so each is made once: as the mediator registers them (scoped), the container built all five again
    /// for every request and message, by reflection in a native host. The mediator itself stays scoped.
    /// </summary>
    private static void KeepHandlersAndBehavioursOnce(IServiceCollection services)
    {
        foreach (var descriptor in UseCaseRegistrations(services, _ => true).Where(d => d.Lifetime == ServiceLifetime.Scoped))
        {
            services[services.IndexOf(descriptor)] = descriptor.ImplementationType is { } type
                ? new ServiceDescriptor(descriptor.ServiceType, type, ServiceLifetime.Singleton)
                : new ServiceDescriptor(descriptor.ServiceType, descriptor.ImplementationFactory!, ServiceLifetime.Singleton);
        }
    }

    /// <summary>
    /// What the mediator registers for the commands <paramref name="ofCommand"/> selects: each handler and behaviour
    /// closed over the command, and each handler's own type.
    /// </summary>
    private static List<ServiceDescriptor> UseCaseRegistrations(IServiceCollection services, Func<Type, bool> ofCommand)
    {
        var perCommand = services
            .Where(d => IsPerCommand(d.ServiceType) && ofCommand(d.ServiceType.GetGenericArguments()[0]))
            .ToList();
        var handlerTypes = perCommand.Where(d => IsHandler(d.ServiceType)).Select(d => d.ImplementationType).OfType<Type>().ToHashSet();
        return [.. services.Where(d => perCommand.Contains(d) || handlerTypes.Contains(d.ServiceType))];
    }

    private static bool IsHandler(Type type) => type.GetGenericTypeDefinition() == typeof(ICommandHandler<,>);

    private static bool IsPerCommand(Type type) =>
        type is { IsGenericType: true, IsGenericTypeDefinition: false } &&
        (type.GetGenericTypeDefinition() == typeof(ICommandHandler<,>) || type.GetGenericTypeDefinition() == typeof(IPipelineBehavior<,>));
}

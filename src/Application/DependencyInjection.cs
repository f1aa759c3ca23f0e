using EmailPipeline.Application.Common.Behaviours;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;

namespace EmailPipeline.Application;

public static class DependencyInjection
{
    /// <summary>The use cases, their validators and the pipeline they run through.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
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

        services.AddValidatorsFromAssemblyContaining(typeof(DependencyInjection), ServiceLifetime.Singleton, includeInternalTypes: true);
        services.AddSingleton(TimeProvider.System);
        return services;
    }
}

using System.Runtime.InteropServices;
using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Application.Emails.ArchiveEmail;
using EmailPipeline.Consumer.Archiving;
using EmailPipeline.Infrastructure.Sqs.DeadLetters;
using Microsoft.Extensions.Options;

namespace EmailPipeline.Consumer.DeadLetters;

/// <summary>
/// <c>dlq list | show ID | redrive [--max N] [--dry-run]</c>: the Consumer's dead-letter command, run from its image
/// (<c>dotnet EmailPipeline.Consumer.dll dlq list</c>) with the Consumer's environment. It builds the Consumer's
/// configuration and the dead-letter adapters, never the service itself, and prints to stdout (errors to stderr).
/// </summary>
public static class DeadLetterCommand
{
    public const string Name = "dlq";

    public static bool IsRequested(string[] args) => args is [Name, ..];

    /// <summary>Runs the command; Ctrl-C or SIGTERM stops it cleanly (a redrive finishes the batch in hand).</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        using var stop = new CancellationTokenSource();
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        return await RunAsync(args[1..], Console.Out, Console.Error, configure: null, stop.Token);

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    /// <param name="args">The arguments after <c>dlq</c>.</param>
    /// <param name="configure">Configuration added after the Consumer's own (for tests).</param>
    internal static async Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter output, TextWriter errors, Action<IConfigurationBuilder>? configure, CancellationToken stop)
    {
        if (!DeadLetterArguments.TryParse(args, out var arguments, out var problem))
        {
            await errors.WriteLineAsync($"{problem}\n\n{DeadLetterArguments.Usage}");
            return ExitCodes.BadArguments;
        }

        if (arguments.Verb == DeadLetterVerb.Help)
        {
            await output.WriteLineAsync(DeadLetterArguments.Usage);
            return ExitCodes.Done;
        }

        using var host = Build(configure);
        try
        {
            host.Services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception exception) when (ConfigurationErrors(exception) is { Count: > 0 } failures)
        {
            foreach (var failure in failures)
            {
                await errors.WriteLineAsync($"Configuration error: {failure}");
            }

            return ExitCodes.BadArguments;
        }

        var report = new DeadLetterReport(
            host.Services.GetRequiredService<IDeadLetterQueue>(), host.Services.GetRequiredService<IMessageDiagnosis>(),
            host.Services.GetRequiredService<TimeProvider>(), output, errors);
        try
        {
            return arguments switch
            {
                { Verb: DeadLetterVerb.List } => await report.ListAsync(arguments.Max, stop),
                { Verb: DeadLetterVerb.Show } => await report.ShowAsync(arguments.MessageId!, stop),
                { Verb: DeadLetterVerb.Redrive, DryRun: true } => await report.ListAsync(arguments.Max, stop, dryRun: true),
                _ => await report.RedriveAsync(arguments.Max, stop),
            };
        }
        catch (Exception exception) when (exception is DependencyMisconfiguredException or DependencyUnavailableException)
        {
            await errors.WriteLineAsync($"Error: {exception.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await errors.WriteLineAsync("Stopped.");
            return ExitCodes.Stopped;
        }
    }

    /// <summary>
    /// The Consumer's configuration (appsettings.json beside the assembly, environment variables), the ArchiveEmail use
    /// case's validators and the dead-letter adapters; logs (warnings and worse) go to stderr.
    /// </summary>
    private static IHost Build(Action<IConfigurationBuilder>? configure)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = AppContext.BaseDirectory, Args = [] });
        configure?.Invoke(builder.Configuration);
        builder.Logging.ClearProviders()
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddFilter(level => level >= LogLevel.Warning);
        builder.ConfigureContainer(new DefaultServiceProviderFactory(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true }));
        builder.Services.AddValidators(typeof(ArchiveEmailCommand));
        builder.Services.AddDeadLetterTools(builder.Configuration);
        builder.Services.AddSingleton<IMessageDiagnosis, ArchiveEmailDiagnosis>();
        return builder.Build();
    }

    private static List<string> ConfigurationErrors(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        AggregateException aggregate => [.. aggregate.InnerExceptions.OfType<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => [],
    };
}

/// <summary>The dead-letter command's exit codes.</summary>
internal static class ExitCodes
{
    public const int Done = 0;

    /// <summary>The queues could not be used, no such message, or a redrive left messages behind.</summary>
    public const int Failed = 1;

    public const int BadArguments = 2;

    /// <summary>Ctrl-C or SIGTERM (128 + SIGINT).</summary>
    public const int Stopped = 130;
}

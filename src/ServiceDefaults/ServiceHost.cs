using System.Globalization;

namespace EmailPipeline.ServiceDefaults;

/// <summary>Where a service listens: on every interface, on the port <see cref="Variable"/> sets, else <see cref="Default"/>.</summary>
public sealed record ServicePort(string Variable, int Default)
{
    /// <summary>The port the environment sets, for the <c>--health-check</c> command, which builds no host.</summary>
    public int FromEnvironment() => Parse(Environment.GetEnvironmentVariable(Variable)) ?? Default;

    internal int? Parse(string? value) =>
        string.IsNullOrWhiteSpace(value) ? Default
        : int.TryParse(value, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port
        : null;
}

/// <summary>How a service's process runs, the same for both.</summary>
public static class ServiceHost
{
    /// <summary>
    /// Runs the process: with <c>--health-check</c>, the container health check (<see cref="HealthCheckCommand"/>);
    /// otherwise the host that <paramref name="build"/> builds, listening on <paramref name="port"/>, from a builder
    /// whose configuration files are read beside the assembly, wherever the process is started from.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, ServicePort port, Func<WebApplicationBuilder, WebApplication> build)
    {
        ArgumentNullException.ThrowIfNull(port);
        ArgumentNullException.ThrowIfNull(build);
        if (HealthCheckCommand.IsRequested(args))
        {
            return await HealthCheckCommand.RunAsync(port.FromEnvironment());
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.ListenOn(port);
        return await build(builder).RunServiceAsync();
    }

    /// <summary>Listens on <paramref name="port"/>; a value that is not a TCP port stops the host at start, naming the variable.</summary>
    private static void ListenOn(this WebApplicationBuilder builder, ServicePort port)
    {
        var value = builder.Configuration[port.Variable];
        builder.Services.AddOptions<PortCheck>()
            .Validate(_ => port.Parse(value) is not null, $"{port.Variable} must be a TCP port number (1-65535), not '{value}'.")
            .ValidateOnStart();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenAnyIP(port.Parse(value) ?? port.Default);
            kestrel.AddServerHeader = false;
        });
    }

    /// <summary>Carries the start-up check of the port.</summary>
    private sealed class PortCheck;
}

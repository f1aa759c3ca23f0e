using System.Text;
using Microsoft.Extensions.Configuration;

namespace EmailPipeline.ServiceDefaults;

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
            var environment = new ConfigurationBuilder().AddEnvironmentVariables("ASPNETCORE_").AddEnvironmentVariables().Build();
            return await HealthCheckCommand.RunAsync(port.LocalAddress(environment));
        }

        WriteLogLinesWhole();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.ListenOn(port);
        return await build(builder).RunServiceAsync();
    }

    /// <summary>
    /// Standard output as the logs need it: one write per line. The console's own writer flushes every 256 bytes, so a
    /// longer line (most log lines) left in pieces, a system call each, and whoever reads the pipe could see half a
    /// line. Set before the host is built: the console logger keeps the writer it finds.
    /// </summary>
    private static void WriteLogLinesWhole() => Console.SetOut(LineWriter(Console.OpenStandardOutput()));

    /// <summary>A writer that hands <paramref name="output"/> each line it is given in one write, up to 16 Ki characters.</summary>
    internal static StreamWriter LineWriter(Stream output) =>
        new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), 16 * 1024) { AutoFlush = true };

    /// <summary>
    /// Listens where ASP.NET Core's configuration says, else on every interface on <paramref name="port"/>
    /// (<see cref="ServicePort"/>); a port value that is not a TCP port stops the host at start, naming the variable.
    /// Both are decided on the configuration as the host is started with, not as it is while being built.
    /// </summary>
    private static void ListenOn(this WebApplicationBuilder builder, ServicePort port)
    {
        builder.Services.AddOptions<PortCheck>()
            .Validate<IConfiguration>(
                (_, configuration) => ServicePort.IsNamedBy(configuration) || port.Parse(configuration[port.Variable]) is not null,
                $"{port.Variable} must be a TCP port number (1-65535), not '{builder.Configuration[port.Variable]}'.")
            .ValidateOnStart();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            if (!ServicePort.IsNamedBy(context.Configuration))
            {
                kestrel.ListenAnyIP(port.Parse(context.Configuration[port.Variable]) ?? port.Default);
            }
        });
    }

    /// <summary>Carries the start-up check of the port.</summary>
    private sealed class PortCheck;
}

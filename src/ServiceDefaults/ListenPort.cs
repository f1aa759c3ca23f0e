using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace EmailPipeline.ServiceDefaults;

/// <summary>Where a host listens: on every interface, on the port an environment variable names, or its default.</summary>
public static class ListenPort
{
    /// <summary>
    /// Listens on the port in <paramref name="variable"/> (<paramref name="defaultPort"/> when unset); a value that is
    /// not a TCP port stops the host at start, naming the variable.
    /// </summary>
    public static WebApplicationBuilder ListenOnPort(this WebApplicationBuilder builder, string variable, int defaultPort)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var value = builder.Configuration[variable];
        builder.Services.AddOptions<PortCheck>()
            .Validate(_ => Parse(value, defaultPort) is not null, $"{variable} must be a TCP port number (1-65535), not '{value}'.")
            .ValidateOnStart();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenAnyIP(Parse(value, defaultPort) ?? defaultPort);
            kestrel.AddServerHeader = false;
        });
        return builder;
    }

    /// <summary>The port set by <paramref name="variable"/> in the environment, for the <c>--health-check</c> command.</summary>
    public static int FromEnvironment(string variable, int defaultPort) =>
        Parse(Environment.GetEnvironmentVariable(variable), defaultPort) ?? defaultPort;

    private static int? Parse(string? value, int defaultPort) =>
        string.IsNullOrWhiteSpace(value) ? defaultPort
        : int.TryParse(value, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port
        : null;

    /// <summary>Carries the start-up check of the port.</summary>
    private sealed class PortCheck;
}

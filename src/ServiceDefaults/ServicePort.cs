using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace EmailPipeline.ServiceDefaults;

/// <summary>
/// Where a service listens. ASP.NET Core's own configuration decides when it names addresses: <c>ASPNETCORE_URLS</c>
/// (the <c>urls</c> setting, or <c>--urls</c>) or endpoints in the <c>Kestrel</c> section (<c>Kestrel__Endpoints__…__Url</c>),
/// e.g. <c>http://127.0.0.1:8000</c> for loopback only. Otherwise the service listens on every interface, on the port
/// <see cref="Variable"/> sets, else <see cref="Default"/>. <c>ASPNETCORE_HTTP_PORTS</c>, which the .NET images set,
/// is not one of them: the port variable is the contract's.
/// </summary>
public sealed record ServicePort(string Variable, int Default)
{
    private const string KestrelEndpoints = "Kestrel:Endpoints";

    /// <summary>Whether <paramref name="configuration"/> names the addresses itself (ASP.NET Core's settings).</summary>
    public static bool IsNamedBy(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey]) || EndpointUrls(configuration).Any();
    }

    /// <summary>The port <paramref name="value"/> names (the default when empty), or null when it is not a TCP port.</summary>
    public int? Parse(string? value) =>
        string.IsNullOrWhiteSpace(value) ? Default
        : int.TryParse(value, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535 ? port
        : null;

    /// <summary>
    /// Where the service answers on this machine, for the <c>--health-check</c> command: the first http address
    /// configured, with a wildcard host (<c>+</c>, <c>*</c>, <c>0.0.0.0</c>, <c>[::]</c>) read as 127.0.0.1; else
    /// 127.0.0.1 on the port.
    /// </summary>
    public Uri LocalAddress(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var urls = (configuration[WebHostDefaults.ServerUrlsKey] ?? string.Empty)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Concat(EndpointUrls(configuration))
            .Select(BindingAddress.Parse)
            .ToList();
        if ((urls.FirstOrDefault(u => u.Scheme == Uri.UriSchemeHttp) ?? urls.FirstOrDefault()) is { } address)
        {
            var host = address.Host is "+" or "*" or "0.0.0.0" or "[::]" or "" ? "127.0.0.1" : address.Host;
            return new Uri($"{address.Scheme}://{host}:{address.Port}");
        }

        return new Uri($"http://127.0.0.1:{Parse(configuration[Variable]) ?? Default}");
    }

    private static IEnumerable<string> EndpointUrls(IConfiguration configuration) =>
        configuration.GetSection(KestrelEndpoints).GetChildren().Select(endpoint => endpoint["Url"]).OfType<string>();
}

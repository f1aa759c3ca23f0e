namespace EmailPipeline.ServiceDefaults;

/// <summary>
/// <c>--health-check</c>: asks the running service on this machine for its <c>/health</c> and exits 0 when it
/// answers 200, 1 otherwise. Lets a container health check work in an image with no shell and no curl.
/// </summary>
public static class HealthCheckCommand
{
    public const string Argument = "--health-check";

    public static bool IsRequested(string[] args) => args is [Argument];

    /// <param name="service">Where the service answers on this machine (<see cref="ServicePort.LocalAddress"/>).</param>
    public static async Task<int> RunAsync(Uri service)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await http.GetAsync(new Uri(service, HealthEndpoints.LivePath));
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return 1;
        }
    }
}

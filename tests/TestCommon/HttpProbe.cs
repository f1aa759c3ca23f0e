using System.Diagnostics;
using System.Net.Sockets;

namespace EmailPipeline.TestCommon;

/// <summary>Asks an HTTP endpoint (a service's health, an emulator's API) whether it answers 200.</summary>
public static class HttpProbe
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Whether GET <paramref name="url"/> answers 200 within <paramref name="timeout"/> (a couple of seconds by
    /// default: polls ask again).
    /// </summary>
    public static async Task<bool> AnswersAsync(Uri url, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { Timeout = timeout ?? RequestTimeout };
        try
        {
            using var response = await http.GetAsync(url);
            return response.IsSuccessStatusCode;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// Polls GET <paramref name="url"/> until it answers 200. Throws <see cref="TimeoutException"/> naming
    /// <paramref name="what"/> after <paramref name="timeout"/>, or as soon as <paramref name="gaveUp"/> says there
    /// is no point waiting (the process that should answer has exited). Asks every <paramref name="pollEvery"/>
    /// (50 ms by default; finer where the wait itself is measured).
    /// </summary>
    public static async Task WaitUntilAnswersAsync(Uri url, TimeSpan timeout, string what, Func<bool>? gaveUp = null, TimeSpan? pollEvery = null)
    {
        var waited = Stopwatch.StartNew();
        while (!await AnswersAsync(url))
        {
            if (gaveUp?.Invoke() == true)
            {
                throw new TimeoutException($"{what} stopped before answering at {url}.");
            }

            if (waited.Elapsed >= timeout)
            {
                throw new TimeoutException($"{what} did not answer at {url} within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(pollEvery ?? TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>Whether something accepts TCP connections on <paramref name="address"/>:<paramref name="port"/>.</summary>
    public static async Task<bool> IsListeningAsync(string address, int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}

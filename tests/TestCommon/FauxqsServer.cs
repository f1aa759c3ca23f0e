using System.Globalization;

namespace EmailPipeline.TestCommon;

/// <summary>
/// fauxqs, an in-memory SQS and S3 emulator fast enough to measure the services rather than itself, on a free
/// loopback port (tools/fauxqs-serve.mjs; the npm packages come from tools/package-lock.json). SSM is not among
/// what it speaks: pair it with moto for the token.
/// </summary>
public sealed class FauxqsServer : IAsyncDisposable
{
    private readonly ServiceProcess _process;

    private FauxqsServer(ServiceProcess process, int port)
    {
        _process = process;
        Port = port;
        Endpoint = new Uri($"http://127.0.0.1:{port}");
    }

    public Uri Endpoint { get; }

    public int Port { get; }

    /// <summary>The process, for tests that pause it (SIGSTOP) to simulate an outage.</summary>
    public int ProcessId => _process.Id;

    public static async Task<FauxqsServer> StartAsync()
    {
        var script = Path.Combine(RepositoryPaths.Root, "tools", "fauxqs-serve.mjs");
        if (!Directory.Exists(Path.Combine(RepositoryPaths.Root, "tools", "node_modules", "fauxqs")))
        {
            throw new InvalidOperationException("fauxqs is not installed: run `npm ci --prefix tools`.");
        }

        var port = MotoServer.FreePort();
        var process = ServiceProcess.StartEmulator("node", [script, port.ToString(CultureInfo.InvariantCulture)]);
        var server = new FauxqsServer(process, port);
        await HttpProbe.WaitUntilAnswersAsync(new Uri(server.Endpoint, "/health"), TimeSpan.FromSeconds(30), "fauxqs", () => process.HasExited);
        return server;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}

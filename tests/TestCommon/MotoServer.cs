using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SimpleSystemsManagement;
using Amazon.SQS;
using Xunit;

namespace EmailPipeline.TestCommon;

/// <summary>
/// A real AWS-protocol endpoint for tests: <c>moto_server</c> (SQS, S3, SSM) on a free loopback port, started once
/// per test assembly (<c>[assembly: AssemblyFixture(typeof(MotoServer))]</c>) and stopped at the end.
/// </summary>
public sealed class MotoServer : IAsyncLifetime
{
    public const string Region = AwsEndpoints.Region;

    /// <summary>moto accepts any credentials; these never reach AWS.</summary>
    public static readonly BasicAWSCredentials Credentials = AwsEndpoints.Credentials;

    private ServiceProcess? _process;

    public Uri Endpoint { get; private set; } = null!;

    public int Port { get; private set; }

    /// <summary>The moto process, for tests that pause it (SIGSTOP) to simulate an outage.</summary>
    public int ProcessId => _process?.Id ?? throw new InvalidOperationException("moto_server is not running.");

    public async ValueTask InitializeAsync()
    {
        // The SDK's default chains must never find real credentials or call instance metadata from a test.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", "testing");
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "testing");
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
        Environment.SetEnvironmentVariable("AWS_REGION", Region);
        Environment.SetEnvironmentVariable("AWS_EC2_METADATA_DISABLED", "true");

        Port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{Port}");
        var process = _process = ServiceProcess.StartEmulator(FindExecutable(), ["-H", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await HttpProbe.WaitUntilAnswersAsync(new Uri(Endpoint, "/moto-api/"), TimeSpan.FromSeconds(60), "moto_server", () => process.HasExited);
    }

    /// <summary>Stops moto (idempotent: a test may stop its own instance early to simulate an outage).</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _process, null) is { } process)
        {
            await process.DisposeAsync();
        }
    }

    /// <summary>moto answers for SQS, S3 and SSM alike.</summary>
    public AwsEndpoints Endpoints => AwsEndpoints.All(Endpoint);

    public AmazonSQSClient CreateSqsClient() => Endpoints.CreateSqsClient();

    public AmazonS3Client CreateS3Client() => Endpoints.CreateS3Client();

    public AmazonSimpleSystemsManagementClient CreateSsmClient() => Endpoints.CreateSsmClient();

    /// <summary>Where moto_server is, or a message that says how to install it.</summary>
    public static string FindExecutable()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "moto_server"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("moto_server is not on PATH. Install it with: pip install \"moto[server]\"");
    }

    /// <summary>A TCP port on loopback that nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

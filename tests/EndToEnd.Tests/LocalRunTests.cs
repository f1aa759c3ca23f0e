using System.Globalization;
using System.Text;
using EmailPipeline.TestCommon;

namespace EmailPipeline.EndToEnd.Tests;

/// <summary>The README's run command, as a newcomer runs it: up, the printed curl works, Ctrl-C leaves nothing behind.</summary>
public sealed class LocalRunTests
{
    [Fact]
    public async Task RunLocal_BringsThePipelineUp_ArchivesTheSample_AndCtrlCStopsEverythingItStarted()
    {
        var ports = new Dictionary<string, int>
        {
            ["LOCAL_AWS_PORT"] = MotoServer.FreePort(),
            ["LOCAL_API_PORT"] = MotoServer.FreePort(),
            ["LOCAL_CONSUMER_METRICS_PORT"] = MotoServer.FreePort(),
        };
        var environment = ports.ToDictionary(p => p.Key, p => (string?)p.Value.ToString(CultureInfo.InvariantCulture));
        environment["AWS_ENDPOINT_URL"] = null;

        // Ctrl-C's SIGINT as a terminal delivers it: a runner started in the background of a non-interactive shell
        // hands its children SIGINT ignored, and a shell cannot trap a signal it started with ignored.
        await using var script = ServiceProcess.Start(
            "env", ["--default-signal=INT", Path.Combine(RepositoryPaths.Root, "scripts", "run-local.sh")], RepositoryPaths.Root, environment);
        await script.WaitForOutputAsync(line => line.Contains("The pipeline is running.", StringComparison.Ordinal), TimeSpan.FromMinutes(3));

        using var http = new HttpClient();
        var sample = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "samples", "sample-request.json"), TestContext.Current.CancellationToken);
        using var response = await http.PostAsync(
            new Uri($"http://127.0.0.1:{ports["LOCAL_API_PORT"]}/api/email"),
            new StringContent(sample, Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.Equal(202, (int)response.StatusCode);
        // Loopback only: 127.0.0.2 is this machine too, but not the address the services listen on.
        Assert.False(await HttpProbe.IsListeningAsync("127.0.0.2", ports["LOCAL_API_PORT"]), "the Api listens beyond 127.0.0.1");
        Assert.False(await HttpProbe.IsListeningAsync("127.0.0.2", ports["LOCAL_CONSUMER_METRICS_PORT"]), "the Consumer listens beyond 127.0.0.1");
        await ArchivedAsync(new Uri($"http://127.0.0.1:{ports["LOCAL_AWS_PORT"]}"), LocalSetting("LOCAL_BUCKET_NAME"), Emails.SampleKey);
        await TheDeadLetterCommandsWorkAsync(environment);

        script.Interrupt();

        Assert.Equal(130, await script.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(script.Output, line => line.Contains("Stopped.", StringComparison.Ordinal));
        foreach (var (name, port) in ports)
        {
            Assert.False(await HttpProbe.IsListeningAsync("127.0.0.1", port), $"{name} ({port}) is still in use after Ctrl-C");
        }
    }

    /// <summary>The README's dead-letter commands, as pasted: the poison sample put in the dead-letter queue, then listed with why.</summary>
    private static async Task TheDeadLetterCommandsWorkAsync(IReadOnlyDictionary<string, string?> environment)
    {
        await using var send = ServiceProcess.Start(
            Path.Combine(RepositoryPaths.Root, "scripts", "send-message.py"), ["--dead-letter", "samples/poison-message.json"], RepositoryPaths.Root, environment);
        Assert.Equal(0, await send.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        await using var list = ServiceProcess.Start(Path.Combine(RepositoryPaths.Root, "scripts", "dlq.py"), ["list"], RepositoryPaths.Root, environment);

        Assert.Equal(0, await list.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(list.Output, line => line.Contains("The email is not valid: email_sender required, email_timestream invalid_timestream.", StringComparison.Ordinal));
    }

    /// <summary>A setting of scripts/local.env, as the script reads it when the environment does not override it.</summary>
    private static string LocalSetting(string name) =>
        File.ReadLines(Path.Combine(RepositoryPaths.Root, "scripts", "local.env"))
            .Single(line => line.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..].Trim('\'');

    /// <summary>Until the README's promise holds: the email is in the bucket, at its key.</summary>
    private static async Task ArchivedAsync(Uri endpoint, string bucket, string key)
    {
        using var aws = new AwsResources(AwsEndpoints.All(endpoint));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (!(await aws.ListObjectsAsync(bucket)).Any(o => o.Key == key))
        {
            deadline.Token.ThrowIfCancellationRequested();
            await Task.Delay(TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        }
    }
}

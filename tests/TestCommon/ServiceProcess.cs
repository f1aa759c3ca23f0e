using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EmailPipeline.TestCommon;

/// <summary>
/// A service run the way it is deployed: its built assembly in a child process, configured by environment
/// variables only. Its output is kept (the JSON log lines) and can be waited on.
/// </summary>
public sealed partial class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly List<(Func<string, bool> Match, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _lock = new();

    private ServiceProcess(Process process) => _process = process;

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Every line the service wrote to stdout and stderr so far.</summary>
    public IReadOnlyCollection<string> Output => _output;

    /// <summary>The message of each line so far: a JSON log line's <c>Message</c>, or the line itself.</summary>
    public IEnumerable<string> Messages => _output.Select(MessageOf);

    /// <summary>
    /// Starts a host, <c>dotnet {assembly}</c> for a built assembly or the published executable itself
    /// (<see cref="RepositoryPaths.HostAssembly"/>), with the test process's environment minus any AWS endpoint
    /// settings, plus <paramref name="environment"/> (a null value removes a variable).
    /// </summary>
    public static ServiceProcess Start(string assembly, IReadOnlyDictionary<string, string?> environment, string? outputFile = null) =>
        Start(assembly, [], environment, outputFile);

    /// <summary>Starts a host as above, with <paramref name="arguments"/> (<c>--health-check</c>, say).</summary>
    public static ServiceProcess Start(
        string assembly, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, string? outputFile = null) =>
        assembly.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? Start(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [assembly, .. arguments], Path.GetDirectoryName(assembly)!, environment, outputFile)
            : Start(assembly, arguments, Path.GetDirectoryName(assembly)!, environment, outputFile);

    /// <summary>
    /// Starts any program the same way (a script, say), in <paramref name="workingDirectory"/>. With
    /// <paramref name="outputFile"/>, its output goes to that file instead of being kept in memory (for load tests,
    /// where keeping every log line would cost the measuring process more than the service).
    /// </summary>
    public static ServiceProcess Start(
        string program,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string?> environment,
        string? outputFile = null)
    {
        var start = outputFile is null
            ? new ProcessStartInfo(program, arguments)
            : new ProcessStartInfo("/bin/sh", ["-c", "exec \"$0\" \"$@\" >>\"$OUTPUT_FILE\" 2>&1", program, .. arguments]);
        start.RedirectStandardOutput = outputFile is null;
        start.RedirectStandardError = outputFile is null;
        start.UseShellExecute = false;
        start.WorkingDirectory = workingDirectory;
        if (outputFile is not null)
        {
            start.Environment["OUTPUT_FILE"] = outputFile;
        }

        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("AWS_ENDPOINT_URL", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var service = new ServiceProcess(process);
        process.OutputDataReceived += (_, e) => service.Add(e.Data);
        process.ErrorDataReceived += (_, e) => service.Add(e.Data);
        process.Start();
        if (outputFile is null)
        {
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        return service;
    }

    /// <summary>An AWS emulator on loopback: what it writes is of no interest to the tests, and is not kept.</summary>
    public static ServiceProcess StartEmulator(string program, IReadOnlyList<string> arguments) =>
        Start(program, arguments, RepositoryPaths.Root, new Dictionary<string, string?>(), outputFile: "/dev/null");

    /// <summary>Completes when a line matching <paramref name="match"/> has been written (or already was).</summary>
    public Task WaitForOutputAsync(Func<string, bool> match, TimeSpan timeout)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_output.Any(match))
            {
                return Task.CompletedTask;
            }

            _waiters.Add((match, done));
        }

        return done.Task.WaitAsync(timeout);
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>SIGINT: Ctrl-C in a terminal.</summary>
    public void Interrupt() => Signal(Signals.Interrupt);

    /// <summary>SIGTERM: what ECS sends to stop a task.</summary>
    public void Terminate() => Signal(Signals.Terminate);

    /// <summary>SIGKILL: a crash, with no chance to clean up.</summary>
    public void Kill() => Signal(Signals.Kill);

    /// <summary>SIGSTOP / SIGCONT: freeze and thaw, keeping all state.</summary>
    public void Pause() => Signal(Signals.Stop);

    public void Resume() => Signal(Signals.Continue);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    public override string ToString() => string.Join(Environment.NewLine, _output);

    private void Signal(int signal)
    {
        if (!_process.HasExited)
        {
            Signals.Send(_process.Id, signal);
        }
    }

    private void Add(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _output.Enqueue(line);
            foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    private static string MessageOf(string line)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(line);
            return document.RootElement.GetProperty("Message").GetString() ?? line;
        }
        catch (Exception exception) when (exception is System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return line;
        }
    }
}

/// <summary>POSIX signals, sent to any process: the services, or an emulator paused to simulate an outage.</summary>
public static partial class Signals
{
    public const int Interrupt = 2;
    public const int Kill = 9;
    public const int Terminate = 15;
    public const int Continue = 18;
    public const int Stop = 19;

    public static void Send(int processId, int signal)
    {
        if (NativeMethods.Kill(processId, signal) != 0)
        {
            throw new InvalidOperationException($"Could not send signal {signal} to process {processId}.");
        }
    }

    private static partial class NativeMethods
    {
        [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
        public static partial int Kill(int pid, int signal);
    }
}

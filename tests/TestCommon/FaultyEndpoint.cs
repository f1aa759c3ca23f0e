using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace EmailPipeline.TestCommon;

/// <summary>How a <see cref="FaultyEndpoint"/> treats a connection.</summary>
public enum Fault
{
    /// <summary>None: bytes go both ways at once.</summary>
    None,

    /// <summary>Nothing listens: connecting is refused.</summary>
    Refuse,

    /// <summary>Connections are accepted and never answered.</summary>
    Hang,

    /// <summary>Answers come, but each only after <see cref="FaultyEndpoint.SlowBy"/>: later than a client waits.</summary>
    Slow,
}

/// <summary>
/// A loopback TCP endpoint in front of a real one (an emulator) that can fail the way a network dependency fails:
/// refuse connections, accept and never answer, or answer too late. A service is pointed at <see cref="Endpoint"/>
/// by the SDK's own variable (<c>AWS_ENDPOINT_URL_SQS</c>, …). Changing <see cref="Fault"/> drops the connections
/// open so far, so that clients meet the new behaviour on their next connection.
/// </summary>
public sealed class FaultyEndpoint : IAsyncDisposable
{
    private readonly Uri _target;
    private readonly ConcurrentDictionary<TcpClient, byte> _connections = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly Lock _lock = new();
    private TcpListener? _listener;
    private Fault _fault;

    public FaultyEndpoint(Uri target, Fault fault)
    {
        _target = target;
        Port = MotoServer.FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{Port}");
        Fault = fault;
    }

    public Uri Endpoint { get; }

    public int Port { get; }

    /// <summary>
    /// How late a <see cref="Fault.Slow"/> endpoint answers: by default longer than the services wait for any one call
    /// that is not a long poll (10 s, SQS's budget).
    /// </summary>
    public TimeSpan SlowBy { get; init; } = TimeSpan.FromSeconds(12);

    public Fault Fault
    {
        get => _fault;
        set
        {
            lock (_lock)
            {
                _fault = value;
                foreach (var connection in _connections.Keys)
                {
                    Drop(connection);
                }

                if (value == Fault.Refuse)
                {
                    _listener?.Stop();
                    _listener = null;
                }
                else if (_listener is null)
                {
                    _listener = new TcpListener(IPAddress.Loopback, Port);
                    _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                    _listener.Start();
                    _ = AcceptAsync(_listener);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        Fault = Fault.Refuse;
        _disposed.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_disposed.Token);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return; // stopped: refusing, or disposed
            }

            _connections[client] = 0;
            _ = ServeAsync(client, _fault);
        }
    }

    private async Task ServeAsync(TcpClient client, Fault fault)
    {
        try
        {
            if (fault == Fault.Hang)
            {
                // Read what the client sends, answer nothing, until the client or a change of fault drops it.
                await client.GetStream().CopyToAsync(Stream.Null, _disposed.Token);
                return;
            }

            using var upstream = new TcpClient();
            await upstream.ConnectAsync(_target.Host, _target.Port, _disposed.Token);
            var toTarget = client.GetStream().CopyToAsync(upstream.GetStream(), _disposed.Token);
            var toClient = CopyAsync(upstream.GetStream(), client.GetStream(), fault == Fault.Slow ? SlowBy : TimeSpan.Zero);
            await Task.WhenAny(toTarget, toClient);
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client, the target or a change of fault closed the connection.
        }
        finally
        {
            Drop(client);
        }
    }

    /// <summary>Copies what the target answers, each read only after <paramref name="delay"/>.</summary>
    private async Task CopyAsync(Stream from, Stream to, TimeSpan delay)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = await from.ReadAsync(buffer, _disposed.Token)) > 0)
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _disposed.Token);
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _disposed.Token);
        }
    }

    private void Drop(TcpClient client)
    {
        if (_connections.TryRemove(client, out _))
        {
            client.Dispose();
        }
    }
}

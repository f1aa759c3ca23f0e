using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EmailPipeline.TestCommon;

/// <summary>
/// An address on loopback where a connection is refused at once, for as long as this lives: the port is held by a
/// socket that is bound and never listens, so no other server can take it meanwhile (a port found free and let go
/// could be bound by the next server to start).
/// </summary>
public sealed class DeadEndpoint : IDisposable
{
    private readonly Socket _holder = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public DeadEndpoint()
    {
        _holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        // The runtime binds with SO_REUSEADDR, under which another socket that asks for it (Kestrel's, moto's) could
        // still bind this port and listen; without it, theirs fails with EADDRINUSE.
        _holder.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, false);
        Port = ((IPEndPoint)_holder.LocalEndPoint!).Port;
    }

    public int Port { get; }

    /// <summary>http://127.0.0.1:PORT, with no trailing slash.</summary>
    public string Url => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}");

    public void Dispose() => _holder.Dispose();
}

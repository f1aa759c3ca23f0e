using System.Net;
using System.Text;

namespace EmailPipeline.TestCommon;

/// <summary>
/// An HTTP endpoint on loopback that answers every request with one canned answer, at once: what a service's client
/// meets when its endpoint is not the service (a mistyped URL that reaches another web server, a proxy's page) or is an
/// emulator that skips part of the protocol. It counts the requests, so that a test can see how often a client asks.
/// </summary>
public sealed class CannedEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly int _status;
    private readonly byte[] _body;
    private readonly string _contentType;
    private readonly Task _serving;
    private int _requests;

    /// <param name="status">The status of every answer.</param>
    /// <param name="body">Its body, in UTF-8.</param>
    /// <param name="contentType">Its Content-Type (an SQS answer is <c>application/x-amz-json-1.0</c>).</param>
    public CannedEndpoint(int status, string body, string contentType = "application/x-amz-json-1.0")
    {
        _status = status;
        _body = Encoding.UTF8.GetBytes(body);
        _contentType = contentType;
        Url = new Uri($"http://127.0.0.1:{MotoServer.FreePort()}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>How many requests have been answered so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _requests);
            await context.Request.InputStream.CopyToAsync(Stream.Null);
            context.Response.StatusCode = _status;
            context.Response.ContentType = _contentType;
            await context.Response.OutputStream.WriteAsync(_body);
            context.Response.Close();
        }
    }
}

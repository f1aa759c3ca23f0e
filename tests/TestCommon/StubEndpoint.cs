using System.Net;
using System.Text;

namespace EmailPipeline.TestCommon;

/// <summary>
/// An HTTP endpoint on loopback that answers each request as a test says, at once: an AWS endpoint with operations no
/// emulator at hand implements, or one that is not the service at all (a mistyped URL that reaches another web server,
/// a proxy's page, an emulator that skips part of the protocol). It counts the requests, so that a test can see how
/// often a client asks.
/// </summary>
public sealed class StubEndpoint : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<HttpListenerRequest, string, (int Status, string Body)> _answer;
    private readonly string _contentType;
    private readonly Task _serving;
    private int _requests;

    /// <param name="answer">The status and body (UTF-8) of the answer to a request, given the request and its body.</param>
    /// <param name="contentType">The answers' Content-Type (JSON, as SQS and SSM answer, by default).</param>
    public StubEndpoint(Func<HttpListenerRequest, string, (int Status, string Body)> answer, string contentType = "application/x-amz-json-1.0")
    {
        _answer = answer;
        _contentType = contentType;
        Url = new Uri($"http://127.0.0.1:{MotoServer.FreePort()}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    public Uri Url { get; }

    /// <summary>How many requests have been answered so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>An endpoint that gives every request the same answer.</summary>
    public static StubEndpoint Answering(int status, string body, string contentType = "application/x-amz-json-1.0") =>
        new((_, _) => (status, body), contentType);

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
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var (status, body) = _answer(context.Request, await reader.ReadToEndAsync());
            context.Response.StatusCode = status;
            context.Response.ContentType = _contentType;
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
            context.Response.Close();
        }
    }
}

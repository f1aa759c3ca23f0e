using System.Net;
using System.Net.Sockets;
using System.Text;

namespace EmailPipeline.Api.FunctionalTests;

/// <summary>
/// HTTP/1.1 written byte by byte over a socket, for what no HttpClient sends: a lower-case method, chunk framing of
/// one's own choosing. The answer comes back as an <see cref="HttpResponseMessage"/>, read to the end of the connection.
/// </summary>
internal static class RawHttp
{
    /// <summary>A request: its request line and headers as given (Host and Connection: close added), and its body.</summary>
    public static byte[] Request(string method, string target, IEnumerable<string> headers, byte[]? body = null) =>
        [.. Encoding.ASCII.GetBytes($"{method} {target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n{string.Concat(headers.Select(h => h + "\r\n"))}\r\n"), .. body ?? []];

    /// <summary><paramref name="body"/> in chunks of <paramref name="chunkSize"/> bytes, with the last chunk and no trailers.</summary>
    public static byte[] Chunked(byte[] body, int chunkSize)
    {
        var framed = new List<byte>();
        for (var at = 0; at < body.Length; at += chunkSize)
        {
            var chunk = body.AsSpan(at, Math.Min(chunkSize, body.Length - at));
            framed.AddRange(Encoding.ASCII.GetBytes($"{chunk.Length:x}\r\n"));
            framed.AddRange(chunk);
            framed.AddRange("\r\n"u8);
        }

        framed.AddRange("0\r\n\r\n"u8);
        return [.. framed];
    }

    public static async Task<HttpResponseMessage> SendAsync(Uri server, byte[] request, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, cancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(request, cancellationToken);
        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, cancellationToken);
        return Parse(answer.ToArray());
    }

    private static HttpResponseMessage Parse(byte[] answer)
    {
        var end = answer.AsSpan().IndexOf("\r\n\r\n"u8);
        var head = Encoding.ASCII.GetString(answer, 0, end).Split("\r\n");
        var headers = head[1..].Select(h => h.Split(':', 2)).ToLookup(h => h[0].Trim(), h => h[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var body = answer[(end + 4)..];
        if (headers["Transfer-Encoding"].Any(v => v.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
        {
            body = Unchunk(body);
        }

        var response = new HttpResponseMessage((HttpStatusCode)int.Parse(head[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture))
        {
            Content = new ByteArrayContent(body),
        };
        foreach (var header in headers)
        {
            if (!response.Headers.TryAddWithoutValidation(header.Key, header) && header.Key != "Transfer-Encoding")
            {
                response.Content.Headers.TryAddWithoutValidation(header.Key, header);
            }
        }

        response.Content.Headers.ContentLength = body.Length;
        return response;
    }

    private static byte[] Unchunk(byte[] framed)
    {
        var body = new List<byte>();
        var at = 0;
        while (true)
        {
            var line = framed.AsSpan(at).IndexOf("\r\n"u8);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(framed, at, line).Split(';')[0], 16);
            at += line + 2;
            if (size == 0)
            {
                return [.. body];
            }

            body.AddRange(framed.AsSpan(at, size));
            at += size + 2;
        }
    }
}

using System.Buffers;
using Microsoft.Net.Http.Headers;

namespace EmailPipeline.Api.Emails;

/// <summary>Reads a JSON request body within a size limit, answering 415 and 413 before any parsing.</summary>
internal static class RequestBody
{
    /// <summary>The largest body accepted: 256 KiB.</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>
    /// Reads the whole body and hands it to <paramref name="parse"/>. Throws <see cref="BadHttpRequestException"/>
    /// with 415 when the body is not declared as UTF-8 JSON, and with 413 when it is larger than
    /// <see cref="MaxBytes"/> (told by Content-Length, or found while reading a chunked body).
    /// </summary>
    public static async Task<T> ReadJsonAsync<T>(HttpRequest request, Func<ReadOnlySequence<byte>, T> parse, CancellationToken cancellationToken)
    {
        if (!IsUtf8Json(request.ContentType))
        {
            throw new BadHttpRequestException("The request body must be application/json.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        var reader = request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length > MaxBytes)
            {
                reader.AdvanceTo(buffer.End);
                throw TooLarge();
            }

            if (result.IsCompleted)
            {
                try
                {
                    return parse(buffer);
                }
                finally
                {
                    reader.AdvanceTo(buffer.End);
                }
            }

            // Nothing consumed yet; wait for more than what has been examined.
            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool IsUtf8Json(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var charset = mediaType.Charset;
        var isJson = mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
                     mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
        return isJson && (!charset.HasValue || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
    }

    private static BadHttpRequestException TooLarge() =>
        new($"The request body must be at most {MaxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
}

using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace EmailPipeline.Api.Emails;

/// <summary>
/// Reads a JSON request body within a size limit. Answers 415 before reading anything when the body is not declared
/// as UTF-8 JSON (media type and parameters read per RFC 9110), or is in a content coding the Api does not decode
/// (gzip and br are decoded by the framework's request decompression, before the body gets here); 413 once the body,
/// as decoded, holds more than its endpoint's limit, so that a small compressed body that inflates to gigabytes is
/// refused after the limit's worth of it; 400 when its coding is broken.
/// </summary>
internal static class RequestBody
{
    /// <summary>The largest body of one email: 256 KiB, counted on the body itself (decoded, without chunk framing).</summary>
    public const int MaxBytes = 256 * 1024;

    /// <summary>The largest body of a bulk submission: 1 MiB, counted the same way.</summary>
    public const int MaxBulkBytes = 1024 * 1024;

    /// <summary>
    /// What the connection may carry for a body, chunk framing and compressed bytes included (Kestrel's
    /// <c>MaxRequestBodySize</c>): enough for the largest limit sent however it is chunked (a one-byte chunk takes six
    /// bytes on the wire), so that only the count of the body's own bytes decides.
    /// </summary>
    public const int MaxWireBytes = 8 * MaxBulkBytes;

    /// <summary>The content codings the Api decodes, as a 415 names them in <c>Accept-Encoding</c> (RFC 9110 §12.5.3).</summary>
    public const string DecodedCodings = "gzip, br";

    /// <summary>The key under which <see cref="NoteBrotliAsync"/> marks a br body in the request's items.</summary>
    private static readonly object BrotliBody = new();

    /// <summary>
    /// Reads the whole body and hands it to <paramref name="parse"/>. Throws <see cref="BadHttpRequestException"/>
    /// with 415 when the body is not declared as UTF-8 JSON or is in an unknown coding, with 413 when it is larger
    /// than <paramref name="maxBytes"/>, and <see cref="InvalidRequestBodyException"/> when its coding cannot be decoded.
    /// </summary>
    public static async Task<T> ReadJsonAsync<T>(
        HttpRequest request, int maxBytes, Func<ReadOnlySequence<byte>, T> parse, CancellationToken cancellationToken)
    {
        if (!IsUtf8Json(request.ContentType))
        {
            throw new BadHttpRequestException("The request body must be application/json, in UTF-8.", StatusCodes.Status415UnsupportedMediaType);
        }

        if (!IsDecoded(request.Headers.ContentEncoding))
        {
            throw new BadHttpRequestException(
                "The request body's Content-Encoding is not one the Api decodes: send it as is, or as gzip or br.", StatusCodes.Status415UnsupportedMediaType);
        }

        var reader = request.BodyReader;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken);
            }
            catch (Exception exception) when (IsDecodingFailure(exception, request.HttpContext))
            {
                throw new InvalidRequestBodyException("$", "The request body cannot be decoded as its Content-Encoding says.");
            }

            var buffer = result.Buffer;
            if (buffer.Length > maxBytes)
            {
                reader.AdvanceTo(buffer.End);
                throw new BadHttpRequestException($"The request body must be at most {maxBytes} bytes.", StatusCodes.Status413PayloadTooLarge);
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

    /// <summary>
    /// Notes a br body before the request decompression decodes it and removes its Content-Encoding: a middleware
    /// that runs first, so that a failure to decode it can be told from any other (see <see cref="IsDecodingFailure"/>).
    /// </summary>
    public static Task NoteBrotliAsync(HttpContext context, RequestDelegate next)
    {
        if (context.Request.Headers.ContentEncoding is [var coding] && "br".Equals(coding?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            context.Items[BrotliBody] = BrotliBody;
        }

        return next(context);
    }

    /// <summary>
    /// What the decoders throw for data that is not what its Content-Encoding says: gzip an <see cref="InvalidDataException"/>,
    /// br an <see cref="InvalidOperationException"/> from <see cref="BrotliStream"/> (the only thing that reads a br body).
    /// </summary>
    private static bool IsDecodingFailure(Exception exception, HttpContext context) =>
        exception is InvalidDataException || (exception is InvalidOperationException && context.Items.ContainsKey(BrotliBody));

    /// <summary>
    /// <c>application/json</c> or a <c>+json</c> type, with no charset or UTF-8's (RFC 9110 §8.3: type, subtype and
    /// parameter names are case-insensitive; a value may be a quoted string; a charset's value is case-insensitive).
    /// </summary>
    private static bool IsUtf8Json(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var mediaType))
        {
            return false;
        }

        var isJson = mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
                     mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);
        var charsets = mediaType.Parameters.Where(p => p.Name.Equals("charset", StringComparison.OrdinalIgnoreCase)).ToList();
        return isJson && charsets switch
        {
            [] => true,
            [var charset] => HeaderUtilities.UnescapeAsQuotedString(charset.Value).Equals("utf-8", StringComparison.OrdinalIgnoreCase),
            _ => false, // two charsets: which one is meant?
        };
    }

    /// <summary>
    /// Whether the body is as the Api can read it: it had no content coding, only <c>identity</c>, or one the request
    /// decompression decoded (and removed from the header).
    /// </summary>
    private static bool IsDecoded(StringValues contentEncoding) =>
        contentEncoding.All(value => value is not null && value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .All(coding => coding.Equals("identity", StringComparison.OrdinalIgnoreCase)));
}

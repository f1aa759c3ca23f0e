namespace EmailPipeline.Application.Common.Exceptions;

/// <summary>The email is valid but larger than the queue accepts for one message.</summary>
public sealed class PayloadTooLargeException(int size, int limit)
    : Exception($"The email takes {size} bytes as a queue message; the limit is {limit}.")
{
    public int Size { get; } = size;

    public int Limit { get; } = limit;
}

namespace EmailPipeline.Api.Emails;

/// <summary>The request body cannot be read as a submit request; <see cref="Path"/> says where ("$" for all of it).</summary>
internal sealed class InvalidRequestBodyException(string path, string message) : Exception(message)
{
    public string Path { get; } = path;
}

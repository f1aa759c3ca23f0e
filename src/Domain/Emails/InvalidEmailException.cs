namespace EmailPipeline.Domain.Emails;

/// <summary>
/// Thrown when an email or one of its fields would break an invariant. Callers that take input from outside
/// check the fields first (<see cref="EmailText.Check"/>, <see cref="EmailTimestream.Check"/>), so this signals a programming error.
/// </summary>
public sealed class InvalidEmailException(string field, EmailFieldError error)
    : Exception($"The email field '{field}' is invalid: {error}.")
{
    public string Field { get; } = field;

    public EmailFieldError Error { get; } = error;
}

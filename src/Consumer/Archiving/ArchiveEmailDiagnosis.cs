using System.Globalization;
using System.Text.Json;
using EmailPipeline.Application.Emails;
using EmailPipeline.Application.Emails.ArchiveEmail;
using EmailPipeline.Infrastructure.Sqs;
using EmailPipeline.Infrastructure.Sqs.DeadLetters;
using EmailPipeline.Infrastructure.Sqs.Polling;
using FluentValidation;
using FluentValidation.Results;

namespace EmailPipeline.Consumer.Archiving;

/// <summary>
/// What the Consumer would make of a message, without archiving it: the body read as the Consumer reads it
/// (<see cref="EmailMessage"/>) and checked by the ArchiveEmail use case's own validators, so that a message called
/// valid here is one the Consumer would archive. Field names, types and lengths only, never values.
/// </summary>
internal sealed class ArchiveEmailDiagnosis(IEnumerable<IValidator<ArchiveEmailCommand>> validators) : IMessageDiagnosis
{
    private static readonly string[] Fields =
    [
        EmailDocument.SubjectName, EmailDocument.SenderName, EmailDocument.TimestreamName, EmailDocument.TimestampAliasName, EmailDocument.ContentName,
    ];

    private readonly IValidator<ArchiveEmailCommand>[] _validators = [.. validators];

    public async Task<MessageOutcome.PoisonOutcome?> WhyPoisonAsync(ReceivedMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (EmailMessage.Parse(message.Body) is not { } email)
        {
            return EmailMessage.Unparseable;
        }

        var command = new ArchiveEmailCommand(email, message.MessageId, message.ReceivedAt);
        var failures = new List<ValidationFailure>();
        foreach (var validator in _validators)
        {
            failures.AddRange((await validator.ValidateAsync(command, cancellationToken)).Errors);
        }

        return failures.Count == 0 ? null : EmailMessage.Invalid(failures);
    }

    public IReadOnlyList<string> DescribeFields(ReceivedMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(message.Body);
        }
        catch (JsonException)
        {
            return ["not JSON"];
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return [$"a JSON {Kind(root)}, not an object"];
            }

            var others = root.EnumerateObject().Count(member => !Fields.Contains(member.Name, StringComparer.Ordinal));
            return
            [
                .. Fields
                    .Where(name => name != EmailDocument.TimestampAliasName || root.TryGetProperty(name, out _))
                    .Select(name => root.TryGetProperty(name, out var value) ? $"{name}: {Describe(value)}" : $"{name}: missing"),
                .. others == 0 ? Array.Empty<string>() : [string.Create(CultureInfo.InvariantCulture, $"{others} other member{(others == 1 ? "" : "s")}")],
            ];
        }
    }

    private static string Describe(JsonElement value) =>
        value.ValueKind != JsonValueKind.String ? Kind(value)
        : TextOf(value) is { } text ? string.Create(CultureInfo.InvariantCulture, $"string of {text.EnumerateRunes().Count()} characters")
        : "string that is not Unicode text (a lone surrogate)";

    /// <summary>The string's text, or null when its escapes do not make Unicode text (e.g. <c>"\ud800"</c>).</summary>
    private static string? TextOf(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}

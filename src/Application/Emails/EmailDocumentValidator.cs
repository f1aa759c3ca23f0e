using System.Text.Json;
using EmailPipeline.Application.Common.Json;
using EmailPipeline.Domain.Emails;
using FluentValidation;
using FluentValidation.Results;

namespace EmailPipeline.Application.Emails;

/// <summary>
/// The field rules of an email object, shared by the Api (for <c>data</c>) and the Consumer (for a message body).
/// Failures are named by JSON path and carry an <see cref="EmailErrorCodes"/> code; every failing field is reported,
/// not only the first. The rules themselves are the Domain's (<c>EmailText.Check</c> with each field's limit,
/// <c>EmailTimestream.Check</c>).
/// </summary>
internal sealed class EmailDocumentValidator : AbstractValidator<EmailDocument>
{
    /// <param name="submissionClock">
    /// The clock to hold the timestream against when an email is submitted (at most 24 h ahead), or null to skip
    /// the rules of submission only (that one, and a null beside a given timestream): an email already accepted stays
    /// valid.
    /// </param>
    public EmailDocumentValidator(TimeProvider? submissionClock)
    {
        RuleFor(d => d).Custom((document, context) =>
        {
            CheckText(document.Subject, EmailDocument.SubjectName, EmailSubject.MaxLength, context);
            CheckText(document.Sender, EmailDocument.SenderName, EmailSender.MaxLength, context);
            CheckTimestream(document, submissionClock, context);
            CheckText(document.Content, EmailDocument.ContentName, maxLength: null, context);
        });
    }

    private static void CheckText(
        JsonField field, string name, int? maxLength, ValidationContext<EmailDocument> context)
    {
        var path = PathOf(name, context);
        if (!field.IsAbsent && !field.IsString)
        {
            Fail(context, path, EmailErrorCodes.InvalidType, "must be a string");
            return;
        }

        if (field.IsNotUnicode)
        {
            Fail(context, path, EmailErrorCodes.InvalidType, "must be Unicode text (it holds an escaped lone surrogate)");
            return;
        }

        if (EmailText.Check(field.Text, maxLength) is { } error)
        {
            Fail(context, path, EmailErrorCodes.For(error), Describe(error, maxLength));
        }
    }

    private static void CheckTimestream(EmailDocument document, TimeProvider? clock, ValidationContext<EmailDocument> context)
    {
        var timestreamPath = PathOf(EmailDocument.TimestreamName, context);
        var aliasPath = PathOf(EmailDocument.TimestampAliasName, context);

        var primary = CheckOne(document.Timestream, timestreamPath, context);
        var alias = CheckOne(document.TimestampAlias, aliasPath, context);

        if (document.Timestream.IsAbsent && document.TimestampAlias.IsAbsent)
        {
            Fail(context, timestreamPath, EmailErrorCodes.Required, Describe(EmailFieldError.Missing, null));
            return;
        }

        // One given (the two are not both absent, by now) and the other null: both are present, and they differ
        // (null is no timestream), as the OpenAPI document's schema says too. Only on submission: a message already
        // queued, whoever wrote it, is read as it is.
        var nullPath = document.Timestream.Kind == JsonValueKind.Null ? timestreamPath
            : document.TimestampAlias.Kind == JsonValueKind.Null ? aliasPath
            : null;
        if (clock is not null && nullPath is not null)
        {
            Fail(context, nullPath, EmailErrorCodes.InvalidType, "must be a string of digits or an integer");
            return;
        }

        if (primary is not null && alias is not null && primary != alias)
        {
            Fail(context, aliasPath, EmailErrorCodes.ConflictingAlias,
                $"is an alias of {EmailDocument.TimestreamName} and must not differ from it");
            return;
        }

        if (clock is not null && (primary ?? alias) is { } timestream && timestream.IsTooFarAhead(clock.GetUtcNow()))
        {
            var path = primary is not null ? timestreamPath : aliasPath;
            Fail(context, path, EmailErrorCodes.FutureTimestream, Describe(EmailFieldError.TooFarInFuture, null));
        }
    }

    /// <summary>Checks one timestream field if present; returns its value when it is present and valid.</summary>
    private static EmailTimestream? CheckOne(JsonField field, string path, ValidationContext<EmailDocument> context)
    {
        if (field.IsAbsent)
        {
            return null;
        }

        var text = EmailDocument.TextOf(field);
        if (text is null)
        {
            Fail(context, path, EmailErrorCodes.InvalidType, "must be a string of digits or an integer");
            return null;
        }

        if (EmailTimestream.Check(text) is { } error)
        {
            Fail(context, path, EmailErrorCodes.For(error), Describe(error, null));
            return null;
        }

        return EmailTimestream.Parse(text);
    }

    private static string Describe(EmailFieldError error, int? maxLength) => error switch
    {
        EmailFieldError.Missing => "is required",
        EmailFieldError.Blank => "must not be blank",
        EmailFieldError.TooLong => $"must be at most {maxLength} characters",
        EmailFieldError.NotUnixSeconds => "must be a Unix time in whole seconds",
        EmailFieldError.TooFarInFuture => $"must not be more than {EmailTimestream.MaxFutureSkew.TotalHours:0} hours in the future",
        _ => throw new ArgumentOutOfRangeException(nameof(error), error, null),
    };

    /// <summary>The JSON path of a field: <c>data.email_sender</c> inside a request, <c>email_sender</c> in a message.</summary>
    private static string PathOf(string name, ValidationContext<EmailDocument> context) =>
        context.PropertyChain.BuildPropertyPath(name);

    private static void Fail(ValidationContext<EmailDocument> context, string path, string code, string message) =>
        context.AddFailure(new ValidationFailure(path, $"{path} {message}.") { ErrorCode = code });
}

using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Application.Common.Json;
using EmailPipeline.Application.Emails;
using EmailPipeline.Application.Emails.SubmitEmails;
using EmailPipeline.Application.UnitTests.Common;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using static EmailPipeline.Application.UnitTests.Emails.SampleEmails;

namespace EmailPipeline.Application.UnitTests.Emails;

/// <summary>The bulk use case through the real pipeline: one token check, each email judged and published alone.</summary>
public sealed class SubmitEmailsCommandTests : IAsyncDisposable
{
    private const string Secret = TestPipeline.Secret;

    private readonly IAccessTokenSource _tokens = Substitute.For<IAccessTokenSource>();
    private readonly IEmailQueue _queue = Substitute.For<IEmailQueue>();
    private readonly ServiceProvider _provider;
    private readonly AsyncServiceScope _scope;
    private int _published;
    private Func<OutgoingEmail, EmailSubmission?> _refuse = _ => null;

    public SubmitEmailsCommandTests()
    {
        _provider = TestPipeline.Build(_tokens, ports => ports.AddSingleton(_queue), typeof(SubmitEmailsCommand));
        _scope = _provider.CreateAsyncScope();
        _queue.PublishAllAsync(Arg.Any<IReadOnlyList<OutgoingEmail>>(), Arg.Any<CancellationToken>())
            .Returns(call => ValueTask.FromResult<IReadOnlyList<EmailSubmission>>(
                [.. call.Arg<IReadOnlyList<OutgoingEmail>>().Select(e => Outcome(e))]));
    }

    private ISender Sender => _scope.ServiceProvider.GetRequiredService<ISender>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SubmitMany_ChecksTheTokenOnce_AndPublishesEveryValidEmail()
    {
        var result = await Sender.Send(new SubmitEmailsCommand([.. Enumerable.Range(0, 100).Select(_ => Document())], Secret), Ct);

        Assert.True(result.AllAccepted);
        Assert.Equal(100, result.Emails.Select(e => e.MessageId).Distinct().Count());
        await _tokens.Received(1).AuthenticateAsync(Secret, Arg.Any<CancellationToken>());
        await _queue.Received(1).PublishAllAsync(Arg.Is<IReadOnlyList<OutgoingEmail>>(e => e.Count == 100), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SubmitMany_WithAWrongToken_IsUnauthorized_BeforeAnyEmailIsLookedAt()
    {
        await Assert.ThrowsAsync<UnauthorizedException>(() => Sender.Send(new SubmitEmailsCommand([Document(), null], "wrong"), Ct).AsTask());

        await _queue.DidNotReceiveWithAnyArgs().PublishAllAsync(default!, Ct);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(SubmitEmailsCommand.MaxEmails + 1)]
    public async Task SubmitMany_WithNoEmailsOrTooMany_FailsAsAWhole_AtEmails(int count)
    {
        var emails = Enumerable.Range(0, count).Select(_ => (EmailDocument?)Document()).ToList();

        var failure = await Assert.ThrowsAsync<ValidationException>(() => Sender.Send(new SubmitEmailsCommand(emails, Secret), Ct).AsTask());

        var error = Assert.Single(failure.Errors);
        Assert.Equal((SubmitEmailsCommand.EmailsPath, EmailErrorCodes.EmailCount), (error.PropertyName, error.ErrorCode));
        await _queue.DidNotReceiveWithAnyArgs().PublishAllAsync(default!, Ct);
    }

    [Fact]
    public async Task SubmitMany_JudgesEachEmailAlone_NamingItsFieldsByItsPlace_AndPublishesTheOthers()
    {
        EmailDocument?[] emails = [Document(), Document(sender: JsonField.String(" "), subject: Missing), null, Document()];

        var result = await Sender.Send(new SubmitEmailsCommand(emails, Secret), Ct);

        Assert.False(result.AllAccepted);
        Assert.NotNull(result.Emails[0].MessageId);
        Assert.NotNull(result.Emails[3].MessageId);
        var invalid = Assert.IsType<ValidationException>(result.Emails[1].Failure);
        Assert.Equal(
            [("emails[1].email_sender", EmailErrorCodes.Blank), ("emails[1].email_subject", EmailErrorCodes.Required)],
            invalid.Errors.Select(e => (e.PropertyName, e.ErrorCode)).Order());
        var notAnEmail = Assert.Single(Assert.IsType<ValidationException>(result.Emails[2].Failure).Errors);
        Assert.Equal(("emails[2]", EmailErrorCodes.InvalidType), (notAnEmail.PropertyName, notAnEmail.ErrorCode));
        await _queue.Received(1).PublishAllAsync(Arg.Is<IReadOnlyList<OutgoingEmail>>(e => e.Count == 2), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task SubmitMany_WhenTheQueueRefusesOneEmail_OnlyThatEmailFails_WithTheQueuesReason()
    {
        var tooLarge = new PayloadTooLargeException(300_000, 262_144);
        _refuse = e => e.Email.Sender.Value == "too large" ? EmailSubmission.Refused(tooLarge) : null;

        var result = await Sender.Send(new SubmitEmailsCommand([Document(), Document(sender: JsonField.String("too large")), Document()], Secret), Ct);

        Assert.NotNull(result.Emails[0].MessageId);
        Assert.Same(tooLarge, result.Emails[1].Failure);
        Assert.NotNull(result.Emails[2].MessageId);
    }

    [Fact]
    public void SubmitMany_PrintsNeitherTheTokenNorTheEmails()
    {
        var printed = new SubmitEmailsCommand([Document()], Secret).ToString();

        Assert.DoesNotContain(Secret, printed, StringComparison.Ordinal);
        Assert.DoesNotContain("Happy", printed, StringComparison.Ordinal);
    }

    private EmailSubmission Outcome(OutgoingEmail email) =>
        _refuse(email) ?? EmailSubmission.Accepted($"msg-{Interlocked.Increment(ref _published)}");

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _provider.DisposeAsync();
    }
}

using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Application.Common.Json;
using EmailPipeline.Application.Common.Security;
using EmailPipeline.Application.Emails.ArchiveEmail;
using EmailPipeline.Application.Emails.SubmitEmail;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using NSubstitute;
using static EmailPipeline.Application.UnitTests.Emails.SampleEmails;

namespace EmailPipeline.Application.UnitTests.Common;

/// <summary>The use cases through the real pipeline (<c>AddApplication</c>), with the ports substituted.</summary>
public sealed class PipelineTests : IAsyncDisposable
{
    private const string Secret = TestPipeline.Secret;

    private readonly IAccessTokenSource _tokens = Substitute.For<IAccessTokenSource>();
    private readonly IEmailQueue _queue = Substitute.For<IEmailQueue>();
    private readonly IArchiveStore _store = Substitute.For<IArchiveStore>();
    private readonly ServiceProvider _provider;
    private readonly AsyncServiceScope _scope;

    public PipelineTests()
    {
        _provider = TestPipeline.Build(
            _tokens, ports => ports.AddSingleton(_queue).AddSingleton(_store), typeof(SubmitEmailCommand), typeof(ArchiveEmailCommand));
        _scope = _provider.CreateAsyncScope();
        _queue.PublishAsync(Arg.Any<OutgoingEmail>(), Arg.Any<CancellationToken>()).Returns("msg-1");
    }

    private ISender Sender => _scope.ServiceProvider.GetRequiredService<ISender>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheHandlerAndBehaviours_AreMadeOnce_NotForEachRequestsScope()
    {
        await using var another = _provider.CreateAsyncScope();

        Assert.Same(
            _scope.ServiceProvider.GetRequiredService<ICommandHandler<SubmitEmailCommand, SubmitEmailResult>>(),
            another.ServiceProvider.GetRequiredService<ICommandHandler<SubmitEmailCommand, SubmitEmailResult>>());
        var behaviours = _scope.ServiceProvider.GetServices<IPipelineBehavior<SubmitEmailCommand, SubmitEmailResult>>().ToList();
        Assert.Equal(4, behaviours.Count);
        Assert.Equal(behaviours, another.ServiceProvider.GetServices<IPipelineBehavior<SubmitEmailCommand, SubmitEmailResult>>(), ReferenceEqualityComparer.Instance);
    }

    [Fact]
    public async Task Submit_WithTheTokenAndAValidEmail_IsPublished()
    {
        var result = await Sender.Send(new SubmitEmailCommand(Document(), Secret), Ct);

        Assert.Equal("msg-1", result.MessageId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong")]
    public async Task Submit_WhenTokenIsMissingOrWrong_IsUnauthorized_AndNothingIsPublished(string? token)
    {
        await Assert.ThrowsAsync<UnauthorizedException>(() => Sender.Send(new SubmitEmailCommand(Document(), token), Ct).AsTask());

        await _queue.DidNotReceiveWithAnyArgs().PublishAsync(default!, Ct);
    }

    [Fact]
    public async Task Submit_WhenTokenIsMissing_DoesNotAskTheTokenSource()
    {
        await Assert.ThrowsAsync<UnauthorizedException>(() => Sender.Send(new SubmitEmailCommand(Document(), null), Ct).AsTask());

        await _tokens.DidNotReceiveWithAnyArgs().AuthenticateAsync(default!, Ct);
    }

    [Fact]
    public async Task Submit_WhenTokenIsWrong_ChecksAuthenticationBeforeValidation()
    {
        var invalid = Document(sender: JsonField.String(" "));

        await Assert.ThrowsAsync<UnauthorizedException>(() => Sender.Send(new SubmitEmailCommand(invalid, "wrong"), Ct).AsTask());
    }

    [Fact]
    public async Task Submit_WithThePreviousTokenDuringItsGracePeriod_IsPublished()
    {
        _tokens.AuthenticateAsync("previous-secret", Arg.Any<CancellationToken>()).Returns(TokenMatch.Previous);

        var result = await Sender.Send(new SubmitEmailCommand(Document(), "previous-secret"), Ct);

        Assert.Equal("msg-1", result.MessageId);
    }

    [Fact]
    public async Task Submit_WhenTheTokenSourceIsUnavailable_FailsAsUnavailable_NotUnauthorized()
    {
        _tokens.AuthenticateAsync(Arg.Any<string>(), Arg.Any<CancellationToken>())
            .Returns<TokenMatch>(_ => throw new DependencyUnavailableException("ssm", "down", TimeSpan.FromSeconds(5)));

        await Assert.ThrowsAsync<DependencyUnavailableException>(() => Sender.Send(new SubmitEmailCommand(Document(), Secret), Ct).AsTask());
    }

    [Fact]
    public async Task Submit_WithTheTokenAndAnInvalidEmail_ThrowsEveryFailure_AndNothingIsPublished()
    {
        var invalid = Document(subject: Missing, sender: JsonField.String(" "));

        var exception = await Assert.ThrowsAsync<ValidationException>(() => Sender.Send(new SubmitEmailCommand(invalid, Secret), Ct).AsTask());

        Assert.Equal(["data.email_subject", "data.email_sender"], exception.Errors.Select(e => e.PropertyName));
        await _queue.DidNotReceiveWithAnyArgs().PublishAsync(default!, Ct);
    }

    [Fact]
    public async Task Archive_ValidatesWithoutAToken()
    {
        _store.PutIfAbsentAsync(Arg.Any<ArchiveEntry>(), Arg.Any<CancellationToken>()).Returns(PutIfAbsentOutcome.Created);

        var result = await Sender.Send(new ArchiveEmailCommand(Document(), "m", SampleTime), Ct);

        Assert.Equal(ArchiveOutcome.Stored, result.Outcome);
        await _tokens.DidNotReceiveWithAnyArgs().AuthenticateAsync(default!, Ct);
    }

    [Fact]
    public async Task Archive_AnInvalidEmail_IsRejectedBeforeTheStore()
    {
        await Assert.ThrowsAsync<ValidationException>(
            () => Sender.Send(new ArchiveEmailCommand(Document(content: Missing), "m", SampleTime), Ct).AsTask());

        await _store.DidNotReceiveWithAnyArgs().PutIfAbsentAsync(default!, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _provider.DisposeAsync();
    }
}

using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Emails.SubmitEmail;
using EmailPipeline.Domain.Emails;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using static EmailPipeline.Application.UnitTests.Emails.SampleEmails;

namespace EmailPipeline.Application.UnitTests.Emails;

public sealed class SubmitEmailCommandHandlerTests
{
    private readonly IEmailQueue _queue = Substitute.For<IEmailQueue>();
    private readonly FakeTimeProvider _clock = new(SampleTime.AddMinutes(5));

    [Fact]
    public async Task Handle_PublishesTheEmail_AndReturnsTheQueueMessageId()
    {
        _queue.PublishAsync(Arg.Any<OutgoingEmail>(), Arg.Any<CancellationToken>()).Returns("msg-123");
        var handler = new SubmitEmailCommandHandler(_queue, _clock);

        var result = await handler.Handle(new SubmitEmailCommand(Document(timestream: Number(Timestream)), "t"), TestContext.Current.CancellationToken);

        Assert.Equal("msg-123", result.MessageId);
        await _queue.Received(1).PublishAsync(
            new OutgoingEmail(Email.Create(Subject, Sender, Timestream, Content), _clock.GetUtcNow()),
            Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Handle_WhenTheQueueFails_LetsTheFailureThrough()
    {
        _queue.PublishAsync(Arg.Any<OutgoingEmail>(), Arg.Any<CancellationToken>())
            .Returns<string>(_ => throw new EmailPipeline.Application.Common.Exceptions.DependencyUnavailableException("sqs", "down", TimeSpan.FromSeconds(1)));
        var handler = new SubmitEmailCommandHandler(_queue, _clock);

        await Assert.ThrowsAsync<EmailPipeline.Application.Common.Exceptions.DependencyUnavailableException>(
            () => handler.Handle(new SubmitEmailCommand(Document(), "t"), TestContext.Current.CancellationToken).AsTask());
    }

    [Fact]
    public void ToString_NeverShowsTheTokenOrTheEmail()
    {
        var text = new SubmitEmailCommand(Document(), DevelopmentToken.Value).ToString();

        Assert.DoesNotContain(DevelopmentToken.Value[1..6], text, StringComparison.Ordinal);
        Assert.DoesNotContain(Sender, text, StringComparison.Ordinal);
        Assert.Contains("[redacted]", text, StringComparison.Ordinal);
    }
}

using EmailPipeline.Application;
using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Application.Emails.ArchiveEmail;
using EmailPipeline.Consumer.Archiving;
using EmailPipeline.Infrastructure.Sqs;
using EmailPipeline.Infrastructure.Sqs.Polling;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace EmailPipeline.Consumer.Tests.Archiving;

/// <summary>What the poller is told to do with a message, for each way its processing can end.</summary>
public sealed class ArchiveEmailMessageProcessorTests : IAsyncDisposable
{
    private const string ValidBody =
        """{"email_subject":"Hi","email_sender":"John doe","email_timestream":"1693561101","email_content":"Hello"}""";

    private readonly IArchiveStore _store = Substitute.For<IArchiveStore>();
    private readonly ServiceProvider _services;
    private readonly AsyncServiceScope _scope;

    public ArchiveEmailMessageProcessorTests()
    {
        _services = new ServiceCollection().AddLogging().AddApplication(typeof(ArchiveEmailCommand)).AddSingleton(_store).BuildServiceProvider();
        _scope = _services.CreateAsyncScope();
    }

    [Fact]
    public async Task AnArchivedEmail_IsCompleted()
    {
        _store.PutIfAbsentAsync(Arg.Any<ArchiveEntry>(), Arg.Any<CancellationToken>()).Returns(PutIfAbsentOutcome.Created);

        Assert.Same(MessageOutcome.Completed, await ProcessAsync(ValidBody));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("")]
    public async Task AnUnparseableBody_IsPoison(string body)
    {
        var outcome = Assert.IsType<MessageOutcome.PoisonOutcome>(await ProcessAsync(body));

        Assert.Equal("unparseable", outcome.Reason);
    }

    [Fact]
    public async Task AnInvalidEmail_IsPoison_NamingFieldsButNotValues()
    {
        var outcome = Assert.IsType<MessageOutcome.PoisonOutcome>(await ProcessAsync(
            """{"email_subject":"secret subject","email_sender":"   ","email_timestream":"1693561101","email_content":"Hello"}"""));

        Assert.Equal("invalid", outcome.Reason);
        Assert.Contains("email_sender blank", outcome.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("secret subject", outcome.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnavailableStore_MeansRetry()
    {
        _store.PutIfAbsentAsync(Arg.Any<ArchiveEntry>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new DependencyUnavailableException("s3", "S3 did not answer.", TimeSpan.FromSeconds(5)));

        var outcome = Assert.IsType<MessageOutcome.RetryOutcome>(await ProcessAsync(ValidBody));

        Assert.Equal("s3_unavailable", outcome.Reason);
    }

    [Fact]
    public async Task AMisconfiguredStore_IsFatal()
    {
        var misconfigured = new DependencyMisconfiguredException("s3", "NoSuchBucket");
        _store.PutIfAbsentAsync(Arg.Any<ArchiveEntry>(), Arg.Any<CancellationToken>()).ThrowsAsync(misconfigured);

        var outcome = Assert.IsType<MessageOutcome.FatalOutcome>(await ProcessAsync(ValidBody));

        Assert.Same(misconfigured, outcome.Exception);
    }

    public async ValueTask DisposeAsync()
    {
        await _scope.DisposeAsync();
        await _services.DisposeAsync();
    }

    private Task<MessageOutcome> ProcessAsync(string body) =>
        new ArchiveEmailMessageProcessor(_scope.ServiceProvider.GetRequiredService<ISender>(), NullLogger<ArchiveEmailMessageProcessor>.Instance)
            .ProcessAsync(
                new ReceivedMessage("m1", "h1", body, new Dictionary<string, string>(), 1, null, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch),
                TestContext.Current.CancellationToken);
}

using EmailPipeline.Application.Abstractions;
using EmailPipeline.Application.Emails;
using EmailPipeline.Application.Emails.ArchiveEmail;
using EmailPipeline.Domain.Emails;
using NSubstitute;
using static EmailPipeline.Application.UnitTests.Emails.SampleEmails;

namespace EmailPipeline.Application.UnitTests.Emails;

public sealed class ArchiveEmailCommandHandlerTests
{
    private static readonly Email Email = Email.Create(Subject, Sender, Timestream, Content);
    private static readonly ArchiveKey PrimaryKey = ArchiveKey.For(Email);
    private static readonly ArchiveKey HashedKey = ArchiveKey.WithContentHash(Email, EmailJson.Serialize(Email));

    private readonly IArchiveStore _store = Substitute.For<IArchiveStore>();

    private List<ArchiveEntry> Writes => [.. _store.ReceivedCalls().Select(call => (ArchiveEntry)call.GetArguments()[0]!)];

    [Fact]
    public async Task Handle_WhenTheKeyIsFree_StoresTheCanonicalBodyWithMetadata()
    {
        Outcomes(PutIfAbsentOutcome.Created);

        var result = await Handle();

        Assert.Equal(new ArchiveEmailResult(PrimaryKey, ArchiveOutcome.Stored), result);
        var write = Assert.Single(Writes);
        Assert.Equal(PrimaryKey, write.Key);
        Assert.Equal(EmailJson.Serialize(Email), write.Body.ToArray());
        Assert.Equal(new ArchiveMetadata("message-1", SampleTime), write.Metadata);
    }

    [Fact]
    public async Task Handle_WhenTheKeyHoldsTheSameEmail_IsARedelivery_AndWritesNothingElse()
    {
        Outcomes(PutIfAbsentOutcome.SameContentExists);

        var result = await Handle();

        Assert.Equal(new ArchiveEmailResult(PrimaryKey, ArchiveOutcome.AlreadyStored), result);
        Assert.Single(Writes);
    }

    [Fact]
    public async Task Handle_WhenTheKeyHoldsAnotherEmail_StoresUnderTheContentHash()
    {
        Outcomes(PutIfAbsentOutcome.OtherContentExists, PutIfAbsentOutcome.Created);

        var result = await Handle();

        Assert.Equal(new ArchiveEmailResult(HashedKey, ArchiveOutcome.StoredUnderContentHash), result);
        Assert.Equal([PrimaryKey, HashedKey], Writes.Select(w => w.Key));
    }

    [Fact]
    public async Task Handle_WhenTheContentHashKeyHoldsThisEmail_IsARedelivery()
    {
        Outcomes(PutIfAbsentOutcome.OtherContentExists, PutIfAbsentOutcome.SameContentExists);

        var result = await Handle();

        Assert.Equal(new ArchiveEmailResult(HashedKey, ArchiveOutcome.AlreadyStoredUnderContentHash), result);
    }

    [Fact]
    public async Task Handle_WhenBothKeysHoldOtherEmails_FailsRatherThanOverwrite()
    {
        Outcomes(PutIfAbsentOutcome.OtherContentExists, PutIfAbsentOutcome.OtherContentExists);

        await Assert.ThrowsAsync<InvalidOperationException>(Handle);
        Assert.Equal(2, Writes.Count);
    }

    [Fact]
    public async Task Handle_AReferenceMessageWithTheAlias_IsArchivedUnderTheCanonicalKeyAndBody()
    {
        Outcomes(PutIfAbsentOutcome.Created);
        var document = Document(timestream: Missing, timestampAlias: Number(Timestream));

        var result = await new ArchiveEmailCommandHandler(_store).Handle(
            new ArchiveEmailCommand(document, "message-1", SampleTime), TestContext.Current.CancellationToken);

        Assert.Equal(PrimaryKey, result.Key);
        Assert.Equal(EmailJson.Serialize(Email), Assert.Single(Writes).Body.ToArray());
    }

    private void Outcomes(PutIfAbsentOutcome first, params PutIfAbsentOutcome[] then) =>
        _store.PutIfAbsentAsync(Arg.Any<ArchiveEntry>(), Arg.Any<CancellationToken>()).Returns(first, then);

    private Task<ArchiveEmailResult> Handle() =>
        new ArchiveEmailCommandHandler(_store)
            .Handle(new ArchiveEmailCommand(Document(), "message-1", SampleTime), TestContext.Current.CancellationToken)
            .AsTask();
}

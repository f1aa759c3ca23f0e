using System.Net;
using Amazon.Runtime;
using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Infrastructure.Aws;
using EmailPipeline.TestCommon;

namespace EmailPipeline.Infrastructure.UnitTests.Aws;

/// <summary>Every adapter's AWS calls run under a time budget, and fail in the Application's terms.</summary>
public sealed class AwsCallTests
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(3);

    private readonly ObservableTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));

    private static CancellationToken Guard => new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token;

    [Fact]
    public async Task ACallThatHangs_IsUnavailable_OnceItsBudgetRunsOut()
    {
        var call = new AwsCall("sqs", _clock).RunAsync("ReceiveMessage", Budget, HangAsync, TestContext.Current.CancellationToken);

        await _clock.WaitForTimerAsync(Budget, Guard);
        _clock.Advance(Budget);

        var unavailable = await Assert.ThrowsAsync<DependencyUnavailableException>(() => call);
        Assert.Equal("sqs", unavailable.Dependency);
        Assert.Equal("ReceiveMessage did not complete in time.", unavailable.Message);
    }

    [Fact]
    public async Task ACallThatIgnoresItsToken_IsStillUnavailable_WhenItsBudgetRunsOut()
    {
        // A call that does not end at its token, as a response body the SDK reads until its own, later timeout.
        var never = new TaskCompletionSource<int>();
        var call = new AwsCall("sqs", _clock).RunAsync("SendMessageBatch", Budget, _ => never.Task, TestContext.Current.CancellationToken);

        await _clock.WaitForTimerAsync(Budget, Guard);
        _clock.Advance(Budget);

        var unavailable = await Assert.ThrowsAsync<DependencyUnavailableException>(() => call.WaitAsync(Guard));
        Assert.Equal("SendMessageBatch did not complete in time.", unavailable.Message);
    }

    [Fact]
    public async Task TheSdksOwnTimeout_IsSaidAsSuch()
    {
        var call = new AwsCall("sqs", _clock).RunAsync<int>(
            "GetQueueAttributes", Budget, _ => throw new TimeoutException("The operation was canceled."), TestContext.Current.CancellationToken);

        var unavailable = await Assert.ThrowsAsync<DependencyUnavailableException>(() => call);
        Assert.Equal("GetQueueAttributes did not complete in time.", unavailable.Message);
    }

    [Fact]
    public async Task ACallItsCallerCancels_StaysACancellation()
    {
        using var caller = new CancellationTokenSource();
        var call = new AwsCall("sqs", _clock).RunAsync("ReceiveMessage", Budget, HangAsync, caller.Token);

        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Fact]
    public async Task AFailedCall_IsTranslated_AndABugIsNot()
    {
        var aws = new AwsCall("ssm", _clock);

        await Assert.ThrowsAsync<DependencyMisconfiguredException>(() => aws.RunAsync<int>("GetParameter", Budget, _ =>
            throw new AmazonServiceException("denied", null, ErrorType.Sender, "AccessDeniedException", "r", HttpStatusCode.BadRequest),
            TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<InvalidOperationException>(() => aws.RunAsync<int>("GetParameter", Budget, _ =>
            throw new InvalidOperationException("bug"), TestContext.Current.CancellationToken));
    }

    private static async Task<int> HangAsync(CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        return 0;
    }
}

using EmailPipeline.Infrastructure.Sqs.Polling;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EmailPipeline.Infrastructure.UnitTests.Sqs.Polling;

public sealed class PollerHealthCheckTests
{
    private readonly FakeTimeProvider _clock = new();

    [Theory]
    [InlineData(0, 10, 70)] // the defaults: a long poll plus the largest back-off, and a message's budget
    [InlineData(90, 10, 160)] // a long pause after an empty receive is not a stall
    [InlineData(0, 120, 180)] // nor is waiting for room while every slot works on a slow message
    public async Task ALoopThatHasNotTurned_IsLive_ForAMinute_PlusThePauseAndAMessagesBudget(int pollSeconds, int messageSeconds, int tolerance)
    {
        var state = new PollerState(_clock) { Status = PollerStatus.Polling };
        state.Beat();
        var check = new PollerHealthCheck(state, Options.Create(new PollerOptions
        {
            PollInterval = TimeSpan.FromSeconds(pollSeconds),
            MessageTimeout = TimeSpan.FromSeconds(messageSeconds),
        }));

        _clock.Advance(TimeSpan.FromSeconds(tolerance));
        var justInTime = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var late = await check.CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

        Assert.Equal((HealthStatus.Healthy, HealthStatus.Unhealthy), (justInTime.Status, late.Status));
    }
}

using EmailPipeline.Infrastructure.Aws;
using EmailPipeline.Infrastructure.UnitTests.Sqs.Polling;

namespace EmailPipeline.Infrastructure.UnitTests.Aws;

public sealed class BackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Cap = TimeSpan.FromSeconds(20);

    [Fact]
    public void NoFailure_NoDelay()
    {
        Assert.Equal(TimeSpan.Zero, new Backoff(Initial, Cap, new FixedRandom(0.99)).NextDelay());
    }

    [Fact]
    public void TheCeiling_DoublesWithEachFailure_UpToTheCap()
    {
        var backoff = new Backoff(Initial, Cap, new FixedRandom(1.0));
        var ceilings = new List<double>();
        for (var i = 0; i < 10; i++)
        {
            backoff.Failed();
            ceilings.Add(backoff.NextDelay().TotalMilliseconds);
        }

        Assert.Equal([200, 400, 800, 1_600, 3_200, 6_400, 12_800, 20_000, 20_000, 20_000], ceilings);
    }

    [Fact]
    public void TheDelay_IsDrawnFromZeroToTheCeiling()
    {
        var backoff = new Backoff(Initial, Cap, new Random(7));
        for (var i = 0; i < 3; i++)
        {
            backoff.Failed();
        }

        var delays = Enumerable.Range(0, 1_000).Select(_ => backoff.NextDelay().TotalMilliseconds).ToList();

        Assert.All(delays, d => Assert.InRange(d, 0, 800));
        Assert.True(delays.Min() < 100 && delays.Max() > 700, "full jitter spreads over the whole range");
    }

    [Fact]
    public void ASuccess_ResetsIt()
    {
        var backoff = new Backoff(Initial, Cap, new FixedRandom(1.0));
        backoff.Failed();
        backoff.Failed();

        backoff.Succeeded();

        Assert.Equal(TimeSpan.Zero, backoff.NextDelay());
        backoff.Failed();
        Assert.Equal(Initial, backoff.NextDelay());
    }

    [Fact]
    public void ManyFailures_DoNotOverflow()
    {
        var backoff = new Backoff(Initial, Cap, new FixedRandom(1.0));
        for (var i = 0; i < 10_000; i++)
        {
            backoff.Failed();
        }

        Assert.Equal(Cap, backoff.NextDelay());
    }
}

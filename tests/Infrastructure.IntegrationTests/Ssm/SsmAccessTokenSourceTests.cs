using Amazon.SimpleSystemsManagement;
using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Application.Common.Security;
using EmailPipeline.Infrastructure.Ssm;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailPipeline.Infrastructure.IntegrationTests.Ssm;

public sealed class SsmAccessTokenSourceTests(MotoServer moto) : IDisposable
{
    private const string Secret = DevelopmentToken.Value;
    private const string Rotated = "rotated-secret";

    private readonly AwsResources _aws = new(moto);

    // From now: moto stamps each version with the wall clock's time, and the grace runs from that stamp.
    private readonly ObservableTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private int _ssmRequests;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Authenticate_ReadsTheSecureStringWithDecryption()
    {
        var parameter = await _aws.PutTokenAsync(Secret);
        using var ssm = CountingClient();
        var source = Source(parameter, ssm);

        Assert.Equal(TokenMatch.Current, await source.AuthenticateAsync(Secret, Ct));
        Assert.Equal(TokenMatch.None, await source.AuthenticateAsync("kms:alias/aws/ssm:" + Secret, Ct)); // moto's value without decryption
    }

    [Fact]
    public async Task Authenticate_WithinTheRefreshAge_IsServedFromCache()
    {
        var parameter = await _aws.PutTokenAsync(Secret);
        using var ssm = CountingClient();
        var source = Source(parameter, ssm);

        await source.AuthenticateAsync(Secret, Ct);
        _clock.Advance(TimeSpan.FromSeconds(44));
        for (var i = 0; i < 50; i++)
        {
            await source.AuthenticateAsync(Secret, Ct);
        }

        Assert.Equal(1, _ssmRequests);
    }

    [Fact]
    public async Task RotatedToken_IsHonouredWithinAMinute_AndThePreviousOneUntilTheGraceEnds()
    {
        var parameter = await _aws.PutTokenAsync(Secret);
        using var ssm = CountingClient();
        var source = Source(parameter, ssm, new TokenOptions { RotationGrace = TimeSpan.FromHours(2) });
        await source.AuthenticateAsync(Secret, Ct);

        await _aws.PutTokenAsync(Rotated, parameter);
        _clock.Advance(TimeSpan.FromSeconds(45));

        Assert.Equal(TokenMatch.Current, await source.AuthenticateAsync(Rotated, Ct));
        Assert.Equal(TokenMatch.Previous, await source.AuthenticateAsync(Secret, Ct));
        Assert.Equal(2, _ssmRequests); // the previous value is the one read before: no read of it

        _clock.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1));
        Assert.Equal(TokenMatch.Previous, await source.AuthenticateAsync(Secret, Ct));
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(TokenMatch.None, await source.AuthenticateAsync(Secret, Ct));
        Assert.Equal(TokenMatch.Current, await source.AuthenticateAsync(Rotated, Ct));
    }

    [Fact]
    public async Task StartedInsideTheGrace_ReadsThePreviousVersionBySelector_AndAcceptsIt()
    {
        var parameter = await ParameterAsync(Secret, Rotated);
        using var ssm = CountingClient();
        var source = Source(parameter, ssm);

        Assert.Equal(TokenMatch.Previous, await source.AuthenticateAsync(Secret, Ct));
        Assert.Equal(TokenMatch.Current, await source.AuthenticateAsync(Rotated, Ct));
        Assert.Equal(2, _ssmRequests); // GetParameter of the parameter, then of "name:1"
    }

    [Fact]
    public async Task StartedAfterTheGrace_DoesNotReadThePreviousVersion_AndRefusesIt()
    {
        var parameter = await ParameterAsync(Secret, Rotated);
        using var ssm = CountingClient();
        var source = Source(parameter, ssm, new TokenOptions { RotationGrace = TimeSpan.FromMinutes(5) });
        _clock.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(TokenMatch.Current, await source.AuthenticateAsync(Rotated, Ct));
        Assert.Equal(TokenMatch.None, await source.AuthenticateAsync(Secret, Ct));
        Assert.Equal(1, _ssmRequests);
    }

    [Fact]
    public async Task WithNoGrace_ThePreviousTokenIsRefusedAtOnce()
    {
        var parameter = await _aws.PutTokenAsync(Secret);
        using var ssm = CountingClient();
        var source = Source(parameter, ssm, new TokenOptions { RotationGrace = TimeSpan.Zero });
        await source.AuthenticateAsync(Secret, Ct);

        await _aws.PutTokenAsync(Rotated, parameter);
        _clock.Advance(TimeSpan.FromSeconds(45));

        Assert.Equal(TokenMatch.Current, await source.AuthenticateAsync(Rotated, Ct));
        Assert.Equal(TokenMatch.None, await source.AuthenticateAsync(Secret, Ct));
        var restarted = Source(parameter, ssm, new TokenOptions { RotationGrace = TimeSpan.Zero });
        Assert.Equal(TokenMatch.None, await restarted.AuthenticateAsync(Secret, Ct));
    }

    [Fact]
    public async Task TwoRotationsInsideTheGrace_AcceptOnlyTheLatestTwo()
    {
        var parameter = await ParameterAsync(Secret, "second", Rotated);
        using var ssm = CountingClient();
        var source = Source(parameter, ssm);

        Assert.Equal(TokenMatch.Current, await source.AuthenticateAsync(Rotated, Ct));
        Assert.Equal(TokenMatch.Previous, await source.AuthenticateAsync("second", Ct));
        Assert.Equal(TokenMatch.None, await source.AuthenticateAsync(Secret, Ct));
    }

    [Fact]
    public async Task BurstOfWrongTokens_ReadsSsmAtMostOncePer30Seconds_DuringAGraceToo()
    {
        var parameter = await ParameterAsync(Secret, Rotated);
        using var ssm = CountingClient();
        var source = Source(parameter, ssm);
        await source.AuthenticateAsync(Rotated, Ct);
        var afterStart = _ssmRequests; // the current version, and the previous one by its selector

        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => source.AuthenticateAsync("wrong", Ct).AsTask()));
        Assert.Equal(afterStart, _ssmRequests);

        _clock.Advance(TimeSpan.FromSeconds(30));
        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => source.AuthenticateAsync("wrong", Ct).AsTask()));
        Assert.Equal(afterStart + 1, _ssmRequests);

        _clock.Advance(TimeSpan.FromSeconds(29));
        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => source.AuthenticateAsync("wrong", Ct).AsTask()));
        Assert.Equal(afterStart + 1, _ssmRequests);
        Assert.Equal(2, afterStart);
    }

    [Fact]
    public async Task SsmDown_WithACachedToken_KeepsServingIt_UpToTheStalenessLimit()
    {
        await using var own = new MotoServer();
        await own.InitializeAsync();
        using var resources = new AwsResources(own);
        var parameter = await resources.PutTokenAsync(Secret);
        using var ssm = own.CreateSsmClient();
        var source = Source(parameter, ssm, new TokenOptions { MaxStaleness = TimeSpan.FromMinutes(10) });
        await source.AuthenticateAsync(Secret, Ct);

        await own.DisposeAsync(); // SSM is gone
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(TokenMatch.Current, await source.AuthenticateAsync(Secret, Ct));
        Assert.Equal(TokenMatch.None, await source.AuthenticateAsync("wrong", Ct)); // the recheck fails; the token stays

        _clock.Advance(TimeSpan.FromMinutes(6));
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => source.AuthenticateAsync(Secret, Ct).AsTask());
    }

    [Fact]
    public async Task SsmDown_WithNoCachedToken_IsUnavailable_AndNotRetriedAtOnce()
    {
        using var dead = new DeadEndpoint();
        using var ssm = CountingClient(dead.Url);
        var source = Source("/emailpipeline/token", ssm);

        var first = await Assert.ThrowsAsync<DependencyUnavailableException>(() => source.AuthenticateAsync(Secret, Ct).AsTask());
        var second = await Assert.ThrowsAsync<DependencyUnavailableException>(() => source.AuthenticateAsync(Secret, Ct).AsTask());

        Assert.Equal("ssm", first.Dependency);
        Assert.True(second.RetryAfter > TimeSpan.Zero);
        Assert.Equal(1, _ssmRequests);
    }

    [Fact]
    public async Task AnAnswerWithNoParameter_IsUnavailable_SayingSo()
    {
        // 200 with an empty JSON object, from an endpoint that is not SSM.
        using var empty = StubEndpoint.Answering(200, "{}");
        using var ssm = CountingClient(empty.Url.ToString());

        var exception = await Assert.ThrowsAsync<DependencyUnavailableException>(
            () => Source("/emailpipeline/token", ssm).AuthenticateAsync(Secret, Ct).AsTask());

        Assert.EndsWith("The answer for /emailpipeline/token held no parameter value.", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingParameter_IsAMisconfiguration()
    {
        using var ssm = CountingClient();

        var exception = await Assert.ThrowsAsync<DependencyMisconfiguredException>(
            () => Source("/no/such/parameter", ssm).AuthenticateAsync(Secret, Ct).AsTask());

        Assert.Contains("ParameterNotFound", exception.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _aws.Dispose();

    /// <summary>A token parameter that held each value in turn: the last is the current version.</summary>
    private async Task<string> ParameterAsync(params string[] values)
    {
        var parameter = await _aws.PutTokenAsync(values[0]);
        foreach (var value in values[1..])
        {
            await _aws.PutTokenAsync(value, parameter);
        }

        return parameter;
    }

    private AmazonSimpleSystemsManagementClient CountingClient(string? endpoint = null)
    {
        var client = endpoint is null
            ? moto.CreateSsmClient()
            : new AmazonSimpleSystemsManagementClient(MotoServer.Credentials, new AmazonSimpleSystemsManagementConfig
            {
                ServiceURL = endpoint,
                MaxErrorRetry = 0,
            });
        client.BeforeRequestEvent += (_, _) => Interlocked.Increment(ref _ssmRequests);
        return client;
    }

    private SsmAccessTokenSource Source(string parameter, IAmazonSimpleSystemsManagement ssm, TokenOptions? options = null)
    {
        options ??= new TokenOptions();
        options.ParameterName = parameter;
        var settings = Options.Create(options);
        var reader = new SsmTokenReader(ssm, settings, _clock, NullLogger<SsmTokenReader>.Instance);
        return new SsmAccessTokenSource(reader, settings, _clock, NullLogger<SsmAccessTokenSource>.Instance);
    }
}

using Amazon.SimpleSystemsManagement;
using EmailPipeline.Application.Common.Exceptions;
using EmailPipeline.Infrastructure.Ssm;
using EmailPipeline.TestCommon;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EmailPipeline.Infrastructure.IntegrationTests.Ssm;

public sealed class SsmAccessTokenSourceTests(MotoServer moto) : IDisposable
{
    private const string Secret = DevelopmentToken.Value;

    private readonly AwsResources _aws = new(moto);
    private readonly ObservableTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero));
    private int _ssmRequests;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_ReadsTheSecureStringWithDecryption()
    {
        var parameter = await _aws.PutTokenAsync(Secret);
        using var ssm = CountingClient();

        var token = await Source(parameter, ssm).GetAsync(Ct);

        Assert.True(token.Matches(Secret));
        Assert.False(token.Matches("kms:alias/aws/ssm:" + Secret)); // what moto returns without decryption
    }

    [Fact]
    public async Task Get_WithinTheRefreshAge_IsServedFromCache()
    {
        var parameter = await _aws.PutTokenAsync(Secret);
        using var ssm = CountingClient();
        var source = Source(parameter, ssm);

        await source.GetAsync(Ct);
        _clock.Advance(TimeSpan.FromSeconds(44));
        for (var i = 0; i < 50; i++)
        {
            await source.GetAsync(Ct);
        }

        Assert.Equal(1, _ssmRequests);
    }

    [Fact]
    public async Task RotatedToken_IsHonoured_AndTheOldOneRefused_WithinAMinute()
    {
        var parameter = await _aws.PutTokenAsync(Secret);
        using var ssm = CountingClient();
        var source = Source(parameter, ssm);
        var before = await source.GetAsync(Ct);

        await _aws.PutTokenAsync("rotated-secret", parameter);
        _clock.Advance(TimeSpan.FromSeconds(45));
        var served = await source.GetAsync(Ct); // still the old one, while it re-reads in the background
        var after = await source.RecheckAsync(served, Ct); // waits for that read

        Assert.Same(before, served);
        Assert.True(after.Matches("rotated-secret"));
        Assert.False((await source.GetAsync(Ct)).Matches(Secret));
    }

    [Fact]
    public async Task BurstOfWrongTokens_ReadsSsmAtMostOncePer30Seconds()
    {
        var parameter = await _aws.PutTokenAsync(Secret);
        using var ssm = CountingClient();
        var source = Source(parameter, ssm);
        var token = await source.GetAsync(Ct);

        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => source.RecheckAsync(token, Ct).AsTask()));
        Assert.Equal(1, _ssmRequests);

        _clock.Advance(TimeSpan.FromSeconds(30));
        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => source.RecheckAsync(token, Ct).AsTask()));
        Assert.Equal(2, _ssmRequests);

        _clock.Advance(TimeSpan.FromSeconds(29));
        await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => source.RecheckAsync(token, Ct).AsTask()));
        Assert.Equal(2, _ssmRequests);
    }

    [Fact]
    public async Task Recheck_WhenTheSecretIsUnchanged_ReturnsTheSameToken()
    {
        var parameter = await _aws.PutTokenAsync(Secret);
        using var ssm = CountingClient();
        var source = Source(parameter, ssm);
        var token = await source.GetAsync(Ct);

        _clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Same(token, await source.RecheckAsync(token, Ct));
        Assert.Equal(2, _ssmRequests);
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
        var token = await source.GetAsync(Ct);

        await own.DisposeAsync(); // SSM is gone
        _clock.Advance(TimeSpan.FromMinutes(5));
        var served = await source.GetAsync(Ct);
        var rechecked = await source.RecheckAsync(served, Ct); // the background read fails; the token stays

        Assert.Same(token, served);
        Assert.Same(token, rechecked);

        _clock.Advance(TimeSpan.FromMinutes(6));
        await Assert.ThrowsAsync<DependencyUnavailableException>(() => source.GetAsync(Ct).AsTask());
    }

    [Fact]
    public async Task SsmDown_WithNoCachedToken_IsUnavailable_AndNotRetriedAtOnce()
    {
        var dead = $"http://127.0.0.1:{MotoServer.FreePort()}";
        using var ssm = CountingClient(dead);
        var source = Source("/emailpipeline/token", ssm);

        var first = await Assert.ThrowsAsync<DependencyUnavailableException>(() => source.GetAsync(Ct).AsTask());
        var second = await Assert.ThrowsAsync<DependencyUnavailableException>(() => source.GetAsync(Ct).AsTask());

        Assert.Equal("ssm", first.Dependency);
        Assert.True(second.RetryAfter > TimeSpan.Zero);
        Assert.Equal(1, _ssmRequests);
    }

    [Fact]
    public async Task MissingParameter_IsAMisconfiguration()
    {
        using var ssm = CountingClient();

        var exception = await Assert.ThrowsAsync<DependencyMisconfiguredException>(
            () => Source("/no/such/parameter", ssm).GetAsync(Ct).AsTask());

        Assert.Contains("ParameterNotFound", exception.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _aws.Dispose();

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
        return new SsmAccessTokenSource(ssm, Options.Create(options), _clock, NullLogger<SsmAccessTokenSource>.Instance);
    }
}

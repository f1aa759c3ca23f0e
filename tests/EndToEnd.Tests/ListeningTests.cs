using System.Globalization;
using EmailPipeline.TestCommon;

namespace EmailPipeline.EndToEnd.Tests;

/// <summary>
/// Where each service listens: where ASP.NET Core's own configuration says (ASPNETCORE_URLS, the Kestrel section)
/// when it says, on every interface on PORT / METRICS_PORT otherwise; and the container health check asks there.
/// 127.0.0.2 is this machine too, on loopback: a service that answers there listens on more than 127.0.0.1.
/// </summary>
public sealed class ListeningTests(MotoServer moto) : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly AwsResources _aws = new(moto);

    public static TheoryData<string> Hosts => new("Api", "Consumer");

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task AspNetCoreUrls_IsWhereTheServiceListens_AndOnlyThere_WhateverItsPortVariableSays(string host)
    {
        var (kind, environment) = await EnvironmentAsync(host);
        var port = MotoServer.FreePort();
        var portVariable = MotoServer.FreePort();
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        environment[kind.PortVariable] = portVariable.ToString(CultureInfo.InvariantCulture);

        await using var service = ServiceProcess.Start(RepositoryPaths.HostAssembly(host), environment);
        await HttpProbe.WaitUntilAnswersAsync(new Uri($"http://127.0.0.1:{port}/health"), StartTimeout, host, () => service.HasExited);

        Assert.False(await HttpProbe.IsListeningAsync("127.0.0.2", port), $"the {host} listens beyond 127.0.0.1");
        Assert.False(await HttpProbe.IsListeningAsync("127.0.0.1", portVariable), $"the {host} listens on {kind.PortVariable} too");
        Assert.Equal(0, await HealthCheckAsync(host, environment));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task AKestrelEndpoint_IsWhereTheServiceListens(string host)
    {
        var (_, environment) = await EnvironmentAsync(host);
        var port = MotoServer.FreePort();
        environment["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{port}";

        await using var service = ServiceProcess.Start(RepositoryPaths.HostAssembly(host), environment);
        await HttpProbe.WaitUntilAnswersAsync(new Uri($"http://127.0.0.1:{port}/health"), StartTimeout, host, () => service.HasExited);

        Assert.False(await HttpProbe.IsListeningAsync("127.0.0.2", port), $"the {host} listens beyond 127.0.0.1");
        Assert.Equal(0, await HealthCheckAsync(host, environment));
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public async Task ThePortVariableAlone_MeansEveryInterface(string host)
    {
        var (kind, environment) = await EnvironmentAsync(host);
        var port = MotoServer.FreePort();
        environment[kind.PortVariable] = port.ToString(CultureInfo.InvariantCulture);

        await using var service = ServiceProcess.Start(RepositoryPaths.HostAssembly(host), environment);
        await HttpProbe.WaitUntilAnswersAsync(new Uri($"http://127.0.0.1:{port}/health"), StartTimeout, host, () => service.HasExited);

        Assert.True(await HttpProbe.IsListeningAsync("127.0.0.2", port), $"the {host} does not listen on every interface");
        Assert.Equal(0, await HealthCheckAsync(host, environment));
    }

    public void Dispose() => _aws.Dispose();

    /// <summary>The contract's variables for a service of its own, on this assembly's moto, with no address set.</summary>
    private async Task<(ServiceKind Kind, Dictionary<string, string?> Environment)> EnvironmentAsync(string host)
    {
        var kind = host == ServiceKind.Api.Host ? ServiceKind.Api : ServiceKind.Consumer;
        var queue = await _aws.CreateQueueAsync(maxReceiveCount: 5);
        var resources = new PipelineResources(queue.Url, queue.DeadLetterUrl!, await _aws.CreateBucketAsync(), await _aws.PutTokenAsync(DevelopmentToken.Value));
        var environment = resources.VariablesFor(kind).Concat(moto.Endpoints.Variables).ToDictionary();
        return (kind, environment);
    }

    /// <summary>The container health check: the host run with <c>--health-check</c> and the service's environment.</summary>
    private static async Task<int> HealthCheckAsync(string host, IReadOnlyDictionary<string, string?> environment)
    {
        await using var check = ServiceProcess.Start(RepositoryPaths.HostAssembly(host), ["--health-check"], environment);
        return await check.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }
}

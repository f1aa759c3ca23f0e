using EmailPipeline.TestCommon;

namespace EmailPipeline.Api.FunctionalTests;

/// <summary>The built Api as a process: bad configuration stops it at start, with a message that names the setting.</summary>
public sealed class StartupTests(MotoServer moto) : IDisposable
{
    private readonly AwsResources _aws = new(moto);

    [Theory]
    [InlineData("SQS_QUEUE_URL", null, "SQS_QUEUE_URL")]
    [InlineData("SQS_QUEUE_URL", "not a url", "SQS_QUEUE_URL")]
    [InlineData("SSM_TOKEN_PARAMETER", null, "SSM_TOKEN_PARAMETER")]
    [InlineData("PORT", "eighty", "PORT")]
    [InlineData("Publisher__MaxBatchSize", "11", "Publisher:MaxBatchSize")]
    [InlineData("Publisher__MaxBatchSize", "eleven", "Publisher:MaxBatchSize")]
    [InlineData("AWS__Timeout", "soon", "The AWS settings cannot be read")] // the SDK's own reader refuses it
    public async Task Start_WithBadConfiguration_ExitsWithCode2_NamingTheSetting(string variable, string? value, string named)
    {
        var environment = await GoodEnvironmentAsync();
        environment[variable] = value;

        await using var api = ServiceProcess.Start(RepositoryPaths.HostAssembly("Api"), environment);

        Assert.Equal(2, await api.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var error = Assert.Single(api.Messages, m => m.StartsWith("Configuration error:", StringComparison.Ordinal));
        Assert.Contains(named, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithSeveralBadSettings_NamesEachOfThem()
    {
        var environment = await GoodEnvironmentAsync();
        environment["SQS_QUEUE_URL"] = null;
        environment["SSM_TOKEN_PARAMETER"] = null;

        await using var api = ServiceProcess.Start(RepositoryPaths.HostAssembly("Api"), environment);

        Assert.Equal(2, await api.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var errors = string.Join("\n", api.Messages);
        Assert.Contains("SQS_QUEUE_URL", errors, StringComparison.Ordinal);
        Assert.Contains("SSM_TOKEN_PARAMETER", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WhenTheTokenParameterDoesNotExist_ExitsWithCode1_SayingSo()
    {
        var environment = await GoodEnvironmentAsync();
        environment["SSM_TOKEN_PARAMETER"] = "/no/such/parameter";

        await using var api = ServiceProcess.Start(RepositoryPaths.HostAssembly("Api"), environment);

        Assert.Equal(1, await api.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(api.Messages, m => m.Contains("ssm is misconfigured", StringComparison.Ordinal)
            && m.Contains("ParameterNotFound", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_OnAPortAlreadyTaken_ExitsWithCode1_SayingWhy()
    {
        var environment = await GoodEnvironmentAsync();
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Any, int.Parse(environment["PORT"]!, System.Globalization.CultureInfo.InvariantCulture));
        taken.Start();

        await using var api = ServiceProcess.Start(RepositoryPaths.HostAssembly("Api"), environment);

        Assert.Equal(1, await api.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(api.Messages, m => m.StartsWith("The service cannot start:", StringComparison.Ordinal));
    }

    public void Dispose() => _aws.Dispose();

    private async Task<Dictionary<string, string?>> GoodEnvironmentAsync()
    {
        var queue = await _aws.CreateQueueAsync();
        return new Dictionary<string, string?>
        {
            ["SQS_QUEUE_URL"] = queue.Url,
            ["SSM_TOKEN_PARAMETER"] = await _aws.PutTokenAsync(DevelopmentToken.Value),
            ["AWS_ENDPOINT_URL"] = moto.Endpoint.ToString(),
            ["AWS_REGION"] = MotoServer.Region,
            ["PORT"] = MotoServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}

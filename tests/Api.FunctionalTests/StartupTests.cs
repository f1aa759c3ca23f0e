using EmailPipeline.TestCommon;

namespace EmailPipeline.Api.FunctionalTests;

/// <summary>The built Api as a process: bad configuration stops it at start, with a message that names the setting.</summary>
public sealed class StartupTests(MotoServer moto) : IDisposable
{
    private readonly AwsResources _aws = new(moto);

    [Theory]
    [InlineData("SQS_QUEUE_URL", null)]
    [InlineData("SQS_QUEUE_URL", "not a url")]
    [InlineData("SSM_TOKEN_PARAMETER", null)]
    [InlineData("PORT", "eighty")]
    [InlineData("Publisher__MaxBatchSize", "11")]
    [InlineData("Publisher__MaxBatchSize", "eleven")]
    public async Task Start_WithBadConfiguration_ExitsWithCode2_NamingTheSetting(string variable, string? value)
    {
        var environment = await GoodEnvironmentAsync();
        environment[variable] = value;

        await using var api = ServiceProcess.Start(RepositoryPaths.HostAssembly("Api"), environment);

        Assert.Equal(2, await api.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        var errors = api.Messages.Where(m => m.StartsWith("Configuration error:", StringComparison.Ordinal)).ToList();
        Assert.Single(errors);
        Assert.Contains(variable.Replace("__", ":", StringComparison.Ordinal), errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithAnAwsSettingTheSdkCannotRead_ExitsWithCode2_SayingWhich()
    {
        var environment = await GoodEnvironmentAsync();
        environment["AWS__Timeout"] = "soon";

        await using var api = ServiceProcess.Start(RepositoryPaths.HostAssembly("Api"), environment);

        Assert.Equal(2, await api.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(api.Messages, m => m.StartsWith("Configuration error: The AWS settings cannot be read", StringComparison.Ordinal)
            && m.Contains("Timeout", StringComparison.Ordinal));
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

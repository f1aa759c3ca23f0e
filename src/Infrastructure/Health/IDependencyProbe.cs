namespace EmailPipeline.Infrastructure.Health;

/// <summary>
/// A cheap check that a dependency is there and usable as configured. Throws the Application's
/// <c>DependencyMisconfiguredException</c> when it is set up wrong, <c>DependencyUnavailableException</c> when it
/// cannot be reached right now.
/// </summary>
internal interface IDependencyProbe
{
    /// <summary>A short name: <c>sqs</c>, <c>s3</c>, <c>ssm</c>.</summary>
    string Name { get; }

    Task ProbeAsync(CancellationToken cancellationToken);
}

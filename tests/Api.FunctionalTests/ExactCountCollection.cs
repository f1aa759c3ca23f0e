namespace EmailPipeline.Api.FunctionalTests;

/// <summary>
/// Tests that assert a metric moved by exactly one. The metrics are the process's, and every other test class adds to
/// them while it runs, so these run on their own, after the classes that run in parallel.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ExactCountCollection
{
    public const string Name = "exact metric counts";
}

namespace EmailPipeline.EndToEnd.Tests;

/// <summary>
/// One pipeline, shared by the tests of this collection, which run one after the other: they stay apart by the
/// emails they send (each from a sender of its own), not by having a pipeline each.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<Pipeline>
{
    public const string Name = "pipeline";
}

using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace EmailPipeline.Infrastructure.Observability;

/// <summary>
/// Metrics are declared as static fields of the code that records them, and so created when that code's type is
/// first used. A service creates its own at start instead, so that each series exists (at 0) from the first scrape.
/// </summary>
internal static class MetricSeries
{
    /// <summary>
    /// Runs the static constructor of <paramref name="type"/>. One type per call, annotated: the native compiler then
    /// keeps that type's static constructor, and knows it is run.
    /// </summary>
    public static void CreateDeclaredBy([DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.NonPublicConstructors)] Type type) =>
        RuntimeHelpers.RunClassConstructor(type.TypeHandle);
}

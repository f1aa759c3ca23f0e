using System.Runtime.CompilerServices;

namespace EmailPipeline.Infrastructure.Observability;

/// <summary>
/// Metrics are declared as static fields of the code that records them, and so created when that code's type is
/// first used. A service creates its own at start instead, so that each series exists (at 0) from the first scrape.
/// </summary>
internal static class MetricSeries
{
    public static void CreateDeclaredBy(params ReadOnlySpan<Type> types)
    {
        foreach (var type in types)
        {
            RuntimeHelpers.RunClassConstructor(type.TypeHandle);
        }
    }
}

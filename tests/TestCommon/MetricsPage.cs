using System.Globalization;
using System.Text.RegularExpressions;

namespace EmailPipeline.TestCommon;

/// <summary>Reads a service's <c>/metrics</c> page (Prometheus text format).</summary>
public static partial class MetricsPage
{
    /// <summary>The sum of the series of <paramref name="family"/> whose labels contain <paramref name="labels"/> (0 when none).</summary>
    /// <param name="labels">Part of the label set, e.g. <c>status="202"</c>; empty for every series.</param>
    public static async Task<double> SumAsync(HttpClient service, string family, string labels = "")
    {
        var text = await service.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return Series().Matches(text)
            .Where(m => m.Groups[1].Value == family && m.Groups[2].Value.Contains(labels, StringComparison.Ordinal))
            .Sum(m => double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Completes once <see cref="SumAsync"/> satisfies <paramref name="condition"/>; throws after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(HttpClient service, string family, Func<double, bool> condition, TimeSpan timeout, string labels = "")
    {
        using var deadline = new CancellationTokenSource(timeout);
        double value;
        while (!condition(value = await SumAsync(service, family, labels)))
        {
            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"{family}{{{labels}}} is still {value} after {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
    }

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$", RegexOptions.Multiline)]
    private static partial Regex Series();
}

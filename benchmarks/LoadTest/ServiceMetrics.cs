using System.Globalization;
using System.Text.RegularExpressions;

namespace EmailPipeline.LoadTest;

/// <summary>Reads a service's /metrics page, and its peak memory from /proc.</summary>
internal static partial class ServiceMetrics
{
    /// <summary>The sum of every series of <paramref name="family"/> whose labels contain <paramref name="labelFilter"/>.</summary>
    public static async Task<double> SumAsync(HttpClient client, string family, string labelFilter = "")
    {
        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return Series().Matches(text)
            .Where(m => m.Groups[1].Value == family && m.Groups[2].Value.Contains(labelFilter, StringComparison.Ordinal))
            .Sum(m => double.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>The most resident memory the process has had (VmHWM), in MiB.</summary>
    public static double PeakResidentMegabytes(int processId)
    {
        var status = File.ReadAllText($"/proc/{processId}/status");
        var kilobytes = long.Parse(PeakResident().Match(status).Groups[1].Value, CultureInfo.InvariantCulture);
        return kilobytes / 1024.0;
    }

    [GeneratedRegex(@"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$", RegexOptions.Multiline)]
    private static partial Regex Series();

    [GeneratedRegex(@"^VmHWM:\s+(\d+) kB$", RegexOptions.Multiline)]
    private static partial Regex PeakResident();
}

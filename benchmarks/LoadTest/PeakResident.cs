using System.Globalization;
using System.Text.RegularExpressions;

namespace EmailPipeline.LoadTest;

/// <summary>A process's peak memory, from /proc.</summary>
internal static partial class PeakResident
{
    /// <summary>The most resident memory the process has had (VmHWM), in MiB.</summary>
    public static double Megabytes(int processId)
    {
        var status = File.ReadAllText($"/proc/{processId}/status");
        var kilobytes = long.Parse(Line().Match(status).Groups[1].Value, CultureInfo.InvariantCulture);
        return kilobytes / 1024.0;
    }

    [GeneratedRegex(@"^VmHWM:\s+(\d+) kB$", RegexOptions.Multiline)]
    private static partial Regex Line();
}

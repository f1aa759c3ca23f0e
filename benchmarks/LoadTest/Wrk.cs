using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace EmailPipeline.LoadTest;

/// <summary>One wrk run's latencies.</summary>
internal sealed record WrkResult(double P50Ms, double P99Ms, double MaxMs, long Requests);

/// <summary>
/// wrk (Debian's package), posting distinct emails: one per request to <c>/api/email</c>, or
/// <c>EMAILS_PER_REQUEST</c> per request to <c>/api/emails</c>.
/// </summary>
internal static partial class Wrk
{
    private const string Script = """
        local counter = 0
        local per_request = tonumber(os.getenv("EMAILS_PER_REQUEST"))
        wrk.method = "POST"
        wrk.headers["Content-Type"] = "application/json"
        local function email()
          counter = counter + 1
          return string.format('{"email_subject":"Load test","email_sender":"load-%d@example.org","email_timestream":"1693561101","email_content":"Email %d of the load test."}', counter % 100000, counter)
        end
        function request()
          local body
          if per_request == 0 then
            body = string.format('{"data":%s,"token":"%s"}', email(), os.getenv("TOKEN"))
          else
            local emails = {}
            for i = 1, per_request do emails[i] = email() end
            body = string.format('{"emails":[%s],"token":"%s"}', table.concat(emails, ","), os.getenv("TOKEN"))
          end
          return wrk.format(nil, nil, nil, body)
        end
        """;

    /// <param name="emailsPerRequest">0: one email per request, as <c>/api/email</c> takes it; more: a bulk request of that many.</param>
    public static async Task<WrkResult> RunAsync(Uri url, int connections, TimeSpan duration, string token, int emailsPerRequest = 0)
    {
        var script = Path.Combine(Path.GetTempPath(), $"emailpipeline-wrk-{Environment.ProcessId}.lua");
        await File.WriteAllTextAsync(script, Script);
        var start = new ProcessStartInfo("wrk",
        [
            "-t", Math.Min(2, connections).ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{(int)duration.TotalSeconds}s",
            "--latency", "--timeout", "10s",
            "-s", script,
            url.ToString(),
        ])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TOKEN"] = token;
        start.Environment["EMAILS_PER_REQUEST"] = emailsPerRequest.ToString(CultureInfo.InvariantCulture);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (apt-get install wrk).");
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk failed ({process.ExitCode}): {errors}{output}");
        }

        if (Percentile(output, "99%").Length == 0)
        {
            Console.WriteLine($"  note: wrk printed no latency distribution:\n{output}");
        }

        return new WrkResult(
            Milliseconds(Percentile(output, "50%")),
            Milliseconds(Percentile(output, "99%")),
            Milliseconds(MaxLatency().Match(output).Groups[1].Value),
            long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture));
    }

    private static string Percentile(string output, string percentile) =>
        Regex.Match(output, $@"^\s+{Regex.Escape(percentile)}\s+(\S+)[ \t]*$", RegexOptions.Multiline).Groups[1].Value;

    /// <summary>
    /// wrk prints "850.00us", "12.34ms", "1.20s " (seconds and minutes padded with a space), "2.00m "; nothing when no
    /// request completed (NaN).
    /// </summary>
    private static double Milliseconds(string value)
    {
        if (value.Length == 0)
        {
            return double.NaN;
        }

        var match = Duration().Match(value);
        if (!match.Success)
        {
            throw new FormatException($"Not a wrk duration: '{value}'.");
        }

        var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => number / 1000,
            "ms" => number,
            "s" => number * 1000,
            "m" => number * 60_000,
            _ => throw new FormatException(value),
        };
    }

    [GeneratedRegex(@"^\s+Latency\s+\S+\s+\S+\s+(\S+)", RegexOptions.Multiline)]
    private static partial Regex MaxLatency();

    [GeneratedRegex(@"^\s*(\d+) requests in", RegexOptions.Multiline)]
    private static partial Regex Requests();

    [GeneratedRegex(@"^([\d.]+)(us|ms|s|m)$")]
    private static partial Regex Duration();
}

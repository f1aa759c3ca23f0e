using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using EmailPipeline.TestCommon;

namespace EmailPipeline.EndToEnd.Tests;

/// <summary>
/// The metrics as the running services export them, after traffic: they pass promtool's lint, and the dashboard
/// and alert rules in monitoring/ use no metric that the services do not export.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed partial class MonitoringTests(Pipeline pipeline)
{
    private static readonly HashSet<string> PromQlWords = new(StringComparer.Ordinal)
    {
        "sum", "avg", "min", "max", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
        "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan",
    };

    [Fact]
    public async Task TheExportedMetrics_PassPromtoolsLint()
    {
        await MakeTrafficAsync();

        foreach (var client in new[] { pipeline.Api.Http, pipeline.Consumer.Http })
        {
            var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken);
            var (exitCode, output) = await PromtoolAsync(["check", "metrics"], text);
            Assert.True(exitCode == 0 && output.Trim().Length == 0, $"promtool check metrics ({client.BaseAddress}): {output}");
        }
    }

    [Fact]
    public async Task TheDashboardAndAlertRules_UseOnlyMetricsTheServicesExport()
    {
        await MakeTrafficAsync();
        var exported = ExportedNames(await pipeline.Api.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken))
            .Concat(ExportedNames(await pipeline.Consumer.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative), TestContext.Current.CancellationToken)))
            .Append("up")
            .ToHashSet(StringComparer.Ordinal);

        var monitoring = Path.Combine(RepositoryPaths.Root, "monitoring");
        var dashboards = Directory.GetFiles(monitoring, "*.json", SearchOption.AllDirectories);
        var rules = Directory.GetFiles(Path.Combine(monitoring, "prometheus"), "*.yml")
            .Where(f => !File.ReadAllText(f).Contains("scrape_configs:", StringComparison.Ordinal));
        Assert.NotEmpty(dashboards);
        Assert.NotEmpty(rules);

        var used = dashboards.SelectMany(f => DashboardExpressions(f).Select(e => (File: f, Expression: e)))
            .Concat(rules.SelectMany(f => RuleExpressions(f).Select(e => (File: f, Expression: e))))
            .SelectMany(x => MetricNames(x.Expression).Select(name => (x.File, Name: name)))
            .ToList();

        Assert.NotEmpty(used);
        var unknown = used.Where(u => !exported.Contains(u.Name)).Select(u => $"{Path.GetFileName(u.File)}: {u.Name}").Distinct().ToList();
        Assert.True(unknown.Count == 0, "Not exported by the services: " + string.Join(", ", unknown));
    }

    [Fact]
    public void TheMetricNameExtraction_FindsMetricsAndIgnoresTheRest()
    {
        var names = MetricNames(
            """sum by (status) (rate(api_requests_total{endpoint="/api/email", status=~"5.."}[$__rate_interval])) / ignoring(status) """ +
            """histogram_quantile(0.99, sum by (le) (rate(api_request_duration_seconds_bucket[5m]))) > bool 0 or on() vector(0)""");

        Assert.Equal(["api_request_duration_seconds_bucket", "api_requests_total"], names.Order());
    }

    private async Task MakeTrafficAsync()
    {
        var (status, _) = await pipeline.SubmitAsync(Emails.Email(Emails.NewSender(), 1_700_000_000, "metrics"));
        await pipeline.SubmitAsync(new { email_subject = "" }, token: DevelopmentToken.Value);
        await pipeline.ArchivedAsync();
        Assert.Equal(202, status);
    }

    /// <summary>Family names from "# TYPE" lines; a histogram also exports its _bucket, _sum and _count series.</summary>
    private static IEnumerable<string> ExportedNames(string metrics) =>
        TypeLine().Matches(metrics).SelectMany(m => m.Groups[2].Value is "histogram" or "summary"
            ? new[] { m.Groups[1].Value, m.Groups[1].Value + "_bucket", m.Groups[1].Value + "_sum", m.Groups[1].Value + "_count" }
            : [m.Groups[1].Value]);

    private static IEnumerable<string> DashboardExpressions(string file)
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(file));
        return Walk(dashboard.RootElement).ToList();

        static IEnumerable<string> Walk(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
                p.Name == "expr" && p.Value.ValueKind == JsonValueKind.String ? [p.Value.GetString()!] : Walk(p.Value)),
            JsonValueKind.Array => element.EnumerateArray().SelectMany(Walk),
            _ => [],
        };
    }

    /// <summary>The <c>expr:</c> values of a rules file, single-line or block (| and >) scalars.</summary>
    private static IEnumerable<string> RuleExpressions(string file)
    {
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            var match = ExprLine().Match(lines[i]);
            if (!match.Success)
            {
                continue;
            }

            var value = match.Groups[2].Value.Trim();
            if (value.StartsWith('|') || value.StartsWith('>'))
            {
                var indent = match.Groups[1].Value.Length;
                var block = new List<string>();
                while (i + 1 < lines.Length && (lines[i + 1].Trim().Length == 0 || lines[i + 1].TakeWhile(char.IsWhiteSpace).Count() > indent))
                {
                    block.Add(lines[++i]);
                }

                value = string.Join(' ', block);
            }

            yield return value.Trim('"', '\'');
        }
    }

    /// <summary>
    /// The metric names in a PromQL expression: identifiers that are not functions, keywords, label names
    /// (inside braces or by/without/on/ignoring lists), durations, strings or Grafana variables.
    /// </summary>
    internal static List<string> MetricNames(string expression)
    {
        var text = StringLiteral().Replace(expression, " ");
        text = Braces().Replace(text, " ");
        text = Durations().Replace(text, " ");
        text = LabelLists().Replace(text, " ");
        text = Variables().Replace(text, " ");
        return [.. Identifier().Matches(text)
            .Where(m => !m.Groups[2].Success && !PromQlWords.Contains(m.Groups[1].Value))
            .Select(m => m.Groups[1].Value)
            .Where(name => !char.IsDigit(name[0]))
            .Distinct()];
    }

    private static async Task<(int ExitCode, string Output)> PromtoolAsync(string[] arguments, string input)
    {
        var promtool = new[] { "/usr/bin/promtool", "/usr/local/bin/promtool" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("promtool is not installed: apt-get install prometheus");
        var start = new ProcessStartInfo(promtool, arguments)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        await process.StandardInput.WriteAsync(input);
        process.StandardInput.Close();
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output);
    }

    [GeneratedRegex("^# TYPE (\\S+) (\\S+)$", RegexOptions.Multiline)]
    private static partial Regex TypeLine();

    [GeneratedRegex("^(\\s*-?\\s*)expr:(.*)$")]
    private static partial Regex ExprLine();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex("\\{[^}]*\\}")]
    private static partial Regex Braces();

    [GeneratedRegex("\\[[^\\]]*\\]")]
    private static partial Regex Durations();

    [GeneratedRegex("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)")]
    private static partial Regex LabelLists();

    [GeneratedRegex("\\$\\{?\\w+\\}?")]
    private static partial Regex Variables();

    [GeneratedRegex("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?")]
    private static partial Regex Identifier();
}

using System.Globalization;

namespace EmailPipeline.LoadTest;

/// <summary>What to run, from the command line.</summary>
internal sealed record Settings(
    string ApiAssembly,
    string ConsumerAssembly,
    int Runs,
    TimeSpan Duration,
    TimeSpan Warmup,
    int[] Connections,
    int Prefill,
    int[] Consumers,
    int BulkSize,
    string? JsonOutput,
    string Only)
{
    public const string Usage = """
        Usage: LoadTest --api <EmailPipeline.Api[.dll]> --consumer <EmailPipeline.Consumer[.dll]>
                        [--runs 3] [--duration 10] [--warmup 30] [--connections 1,32,128] [--bulk 100] [--prefill 50000]
                        [--consumers 1,2,4] [--json results.json] [--only api|consumer] [--smoke]
          --warmup    seconds of load before the first measured level: tiered compilation settles only after ~30 s
          --bulk      emails per request of the bulk level (POST /api/emails at 32 connections), after the single-email levels
          --consumers how many Consumers drain one queue together, one drain per count
          --smoke  one short run with small volumes: checks that every figure can be produced.
        """;

    public static Settings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var smoke = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--smoke")
            {
                smoke = true;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                values[args[i][2..]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.\n{Usage}");
            }
        }

        string Required(string name) =>
            values.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required.\n{Usage}");
        int Number(string name, int smokeValue, int fullValue) =>
            values.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : smoke ? smokeValue : fullValue;

        int[] Numbers(string name, int[] defaults) =>
            values.TryGetValue(name, out var list) ? [.. list.Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))] : defaults;

        return new Settings(
            Path.GetFullPath(Required("api")),
            Path.GetFullPath(Required("consumer")),
            Number("runs", 1, 3),
            TimeSpan.FromSeconds(Number("duration", 2, 10)),
            TimeSpan.FromSeconds(Number("warmup", 1, 30)),
            Numbers("connections", [1, 32, 128]),
            Number("prefill", 500, 50_000),
            Numbers("consumers", [1, 2, 4]),
            Number("bulk", 100, 100),
            values.GetValueOrDefault("json"),
            values.GetValueOrDefault("only") is { } only and not ("api" or "consumer")
                ? throw new ArgumentException($"--only takes api or consumer, not '{only}'.\n{Usage}")
                : values.GetValueOrDefault("only", "both"));
    }
}

using Microsoft.Extensions.Configuration;

namespace EmailPipeline.Infrastructure.Observability;

public enum TraceExporter
{
    None,
    Otlp,
    Console,
}

/// <summary>
/// Whether and where traces are exported, from the standard OpenTelemetry variables. Off unless asked for:
/// <c>OTEL_TRACES_EXPORTER=otlp</c> (or any <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> /
/// <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>) sends them over OTLP, configured by the other <c>OTEL_*</c>
/// variables; <c>console</c> prints them; <c>OTEL_SDK_DISABLED=true</c> turns everything off.
/// </summary>
public sealed record TraceExport(TraceExporter Exporter, string? Requested, bool IsValid)
{
    public const string ExporterVariable = "OTEL_TRACES_EXPORTER";

    public TraceExport()
        : this(TraceExporter.None, null, true)
    {
    }

    public static TraceExport From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var requested = configuration[ExporterVariable];
        if (string.Equals(configuration["OTEL_SDK_DISABLED"], "true", StringComparison.OrdinalIgnoreCase))
        {
            return new TraceExport(TraceExporter.None, requested, true);
        }

        return requested?.Trim().ToLowerInvariant() switch
        {
            "otlp" => new TraceExport(TraceExporter.Otlp, requested, true),
            "console" => new TraceExport(TraceExporter.Console, requested, true),
            "none" => new TraceExport(TraceExporter.None, requested, true),
            null or "" => new TraceExport(
                string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) &&
                string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"])
                    ? TraceExporter.None
                    : TraceExporter.Otlp,
                requested,
                true),
            _ => new TraceExport(TraceExporter.None, requested, false),
        };
    }
}

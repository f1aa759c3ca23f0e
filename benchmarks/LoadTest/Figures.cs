using System.Globalization;
using System.Text;
using System.Text.Json;

namespace EmailPipeline.LoadTest;

/// <summary>One measured figure across the runs: reported as the median, with the minimum and maximum.</summary>
internal sealed class Figure(string name, string unit, string? target)
{
    public string Name { get; } = name;

    public string Unit { get; } = unit;

    public string? Target { get; } = target;

    public List<double> Values { get; } = [];

    public double Median
    {
        get
        {
            var sorted = Values.Order().ToArray();
            return sorted.Length == 0 ? double.NaN
                : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
                : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }
}

/// <summary>All figures, in the order they are first recorded.</summary>
internal sealed class Figures
{
    private readonly List<Figure> _figures = [];

    public IReadOnlyList<Figure> All => _figures;

    public void Record(string name, string unit, double value, string? target = null)
    {
        var figure = _figures.FirstOrDefault(f => f.Name == name);
        if (figure is null)
        {
            figure = new Figure(name, unit, target);
            _figures.Add(figure);
        }

        figure.Values.Add(value);
    }

    public string ToTable(int runs)
    {
        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"| figure | median | min – max ({runs} run{(runs == 1 ? "" : "s")}) | target |");
        table.AppendLine("|---|---:|---:|---|");
        foreach (var figure in _figures)
        {
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {figure.Name}{(figure.Unit.Length > 0 ? $" ({figure.Unit})" : "")} | {Format(figure.Median)} | {Format(figure.Values.Min())} – {Format(figure.Values.Max())} | {figure.Target ?? ""} |");
        }

        return table.ToString();
    }

    public string ToJson() => JsonSerializer.Serialize(
        _figures.Select(f => new { f.Name, f.Unit, f.Target, f.Median, Min = f.Values.Min(), Max = f.Values.Max(), f.Values }),
        new JsonSerializerOptions { WriteIndented = true });

    private static string Format(double value) => value switch
    {
        >= 100 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.000", CultureInfo.InvariantCulture),
    };
}


namespace EmailPipeline.Infrastructure.Observability;

/// <summary>
/// A counter with one label whose values are a set known in advance, declared with it: its help text names them, and
/// <see cref="CreateSeries"/> creates each one's series, so that every series exists (at 0) from the first scrape.
/// </summary>
public sealed class LabelledCounter(string name, string help, string label, IReadOnlyList<string> values)
{
    private readonly Counter _counter = Metrics.CreateCounter(
        name, $"{help}, by {label} ({string.Join(", ", values)}).", new CounterConfiguration { LabelNames = [label] });

    public IReadOnlyList<string> Values { get; } = values;

    public void Inc(string value, double increment = 1) => _counter.WithLabels(value).Inc(increment);

    public void CreateSeries()
    {
        foreach (var value in Values)
        {
            _counter.WithLabels(value);
        }
    }
}

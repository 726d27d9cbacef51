namespace Mercato.Bench.Search;

/// <summary>Latency percentiles (nearest rank) of one backend over the mix, overall and per query kind.</summary>
internal sealed class Latency
{
    private readonly List<(string Kind, double Ms)> _samples = [];

    public int Count => _samples.Count;

    public void Add(string kind, double milliseconds) => _samples.Add((kind, milliseconds));

    public LatencySummary Summary(string? kind = null)
    {
        var values = _samples.Where(s => kind is null || s.Kind == kind).Select(s => s.Ms).Order().ToArray();
        return values.Length == 0
            ? new LatencySummary(0, 0, 0, 0, 0, 0)
            : new LatencySummary(values.Length, Percentile(values, 0.50), Percentile(values, 0.95), Percentile(values, 0.99), values[^1], values.Average());
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

internal sealed record LatencySummary(int Count, double P50, double P95, double P99, double Max, double Mean);

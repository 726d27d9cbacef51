using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Mercato.Search;

namespace Mercato.Bench.Search;

/// <summary>A backend the query mix runs against.</summary>
internal interface IBenchBackend : IDisposable
{
    string Name { get; }

    BenchAnswer Run(BenchQuery query);
}

/// <summary>The in-memory engine, built straight from the generated rows (no database involved).</summary>
internal sealed class EngineBackend : IBenchBackend
{
    private EngineBackend(SearchIndex index) => Index = index;

    public string Name => "engine";

    public SearchIndex Index { get; }

    public double BuildSeconds { get; private init; }

    /// <summary>Seconds of <see cref="BuildSeconds"/> spent generating rows and mapping them to documents.</summary>
    public double GenerateSeconds { get; private init; }

    public double HeapDeltaMegabytes { get; private init; }

    public double EstimatedMegabytes => Index.EstimateMemoryBytes() / 1048576.0;

    /// <summary>Builds the index from a stream of generated rows; the generator's share of the time is measured apart.</summary>
    public static EngineBackend Build(BenchListings data)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var index = new SearchIndex(data.Schema);
        var generating = new StrongBox<long>();
        var watch = Stopwatch.StartNew();
        index.UpsertMany(Stream(data, generating));
        watch.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        return new EngineBackend(index)
        {
            BuildSeconds = watch.Elapsed.TotalSeconds,
            GenerateSeconds = Stopwatch.GetElapsedTime(0, generating.Value).TotalSeconds,
            HeapDeltaMegabytes = (after - before) / 1048576.0,
        };
    }

    private static IEnumerable<SearchDocument> Stream(BenchListings data, StrongBox<long> ticks)
    {
        using var source = data.Rows().GetEnumerator();
        while (true)
        {
            var start = Stopwatch.GetTimestamp();
            if (!source.MoveNext())
            {
                yield break;
            }

            var document = data.ToDocument(source.Current);
            ticks.Value += Stopwatch.GetTimestamp() - start;
            yield return document;
        }
    }

    public BenchAnswer Run(BenchQuery query)
    {
        var result = Index.Search(ToSearchQuery(query));
        var facets = result.FacetDistribution.ToDictionary(
            f => f.Key,
            f => (IReadOnlyDictionary<string, long>)f.Value.ToDictionary(v => v.Key, v => (long)v.Value, StringComparer.OrdinalIgnoreCase),
            StringComparer.Ordinal);
        return new BenchAnswer(result.TotalHits, result.TotalHitsExact, [.. result.Hits.Select(h => h.Id)], facets);
    }

    public static SearchQuery ToSearchQuery(BenchQuery query) => new()
    {
        Q = query.Text,
        Filter = query.Filters.Count == 0 ? null : string.Join(" AND ", query.Filters.Select(Filter)),
        Sort = query.Sort switch
        {
            BenchSort.PriceAsc => ["price:asc"],
            BenchSort.PriceDesc => ["price:desc"],
            BenchSort.YearDesc => ["year:desc"],
            BenchSort.Newest => ["created:desc"],
            BenchSort.Distance => [$"_geoPoint({BenchText.Invariant(query.Point!.Value.Latitude)},{BenchText.Invariant(query.Point.Value.Longitude)}):asc"],
            _ => null,
        },
        Facets = query.Facets.Count == 0 ? null : query.Facets,
        Offset = query.Offset,
        Limit = query.Limit,
    };

    private static string Filter(BenchFilter filter) => filter switch
    {
        InFilter f => $"{f.Field} IN [{string.Join(", ", f.Values.Select(Quote))}]",
        RangeFilter { Min: { } min, Max: { } max } r => string.Create(CultureInfo.InvariantCulture, $"{r.Field} {min} TO {max}"),
        RangeFilter { Min: { } min } r => string.Create(CultureInfo.InvariantCulture, $"{r.Field} >= {min}"),
        RangeFilter { Max: { } max } r => string.Create(CultureInfo.InvariantCulture, $"{r.Field} <= {max}"),
        RadiusFilter g => $"_geoRadius({BenchText.Invariant(g.Latitude)}, {BenchText.Invariant(g.Longitude)}, {BenchText.Invariant(g.Meters)})",
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, "unknown filter"),
    };

    private static string Quote(string value) => $"\"{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    public void Dispose()
    {
    }
}

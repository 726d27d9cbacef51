namespace Mercato.Bench.Search;

/// <summary>How hits are ordered; every order ends with id descending, the engine's final tie-break.</summary>
internal enum BenchSort
{
    Relevance,
    PriceAsc,
    PriceDesc,
    YearDesc,
    Newest,
    Distance,
}

/// <summary>One conjunct of a query's filter.</summary>
internal abstract record BenchFilter;

/// <summary>Checkbox facet: the field is any of the values (disjunctive for that field's own facet counts).</summary>
internal sealed record InFilter(string Field, IReadOnlyList<string> Values) : BenchFilter;

/// <summary>Inclusive numeric range; a null bound is open.</summary>
internal sealed record RangeFilter(string Field, long? Min, long? Max) : BenchFilter;

/// <summary>Within <see cref="Meters"/> of a point (great circle, mean Earth radius).</summary>
internal sealed record RadiusFilter(double Latitude, double Longitude, double Meters, string Zip) : BenchFilter;

/// <summary>
/// One query of the mix, described once and translated by each backend. <see cref="Comparable"/> is false when the
/// peers cannot give the engine's semantics (typo tolerance), so the query counts for latency but not for agreement.
/// </summary>
internal sealed record BenchQuery(
    string Kind,
    string? Text,
    IReadOnlyList<BenchFilter> Filters,
    BenchSort Sort,
    IReadOnlyList<string> Facets,
    int Offset,
    int Limit)
{
    public bool Comparable { get; init; } = true;

    /// <summary>The sort point for <see cref="BenchSort.Distance"/>.</summary>
    public (double Latitude, double Longitude)? Point { get; init; }

    /// <summary>Top hits are comparable when the order is fully determined by sort keys and the id tie-break (no relevance).</summary>
    public bool DeterministicOrder => Text is null && Sort != BenchSort.Relevance;

    public override string ToString()
    {
        var parts = new List<string>();
        if (Text is not null)
        {
            parts.Add($"q=\"{Text}\"");
        }

        foreach (var filter in Filters)
        {
            parts.Add(filter switch
            {
                InFilter f => $"{f.Field} IN [{string.Join(", ", f.Values)}]",
                RangeFilter r => $"{r.Field} {r.Min?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""}..{r.Max?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? ""}",
                RadiusFilter g => $"within {g.Meters / 1000:0} km of {g.Zip}",
                _ => "?",
            });
        }

        parts.Add($"sort={Sort}");
        if (Facets.Count > 0)
        {
            parts.Add($"facets={Facets.Count}");
        }

        if (Offset > 0)
        {
            parts.Add($"offset={Offset}");
        }

        return string.Join(' ', parts);
    }
}

/// <summary>What a backend answered: the total, the ids of the page in order, and the facet counts.</summary>
internal sealed record BenchAnswer(long Total, bool TotalExact, IReadOnlyList<long> Ids, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Facets);

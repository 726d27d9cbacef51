namespace Mercato.Bench.Search;

/// <summary>Whether a peer answered a query as the engine did: same total, same top hits for deterministic sorts, same facet counts.</summary>
internal static class Agreement
{
    public const int FacetCap = 100;

    /// <summary>Null when they agree; otherwise what differs.</summary>
    public static string? Difference(BenchQuery query, BenchAnswer engine, BenchAnswer peer)
    {
        if (engine.TotalExact ? peer.Total != engine.Total : peer.Total < engine.Total)
        {
            return $"total {peer.Total} vs engine {engine.Total}";
        }

        if (query.DeterministicOrder && !peer.Ids.SequenceEqual(engine.Ids))
        {
            return $"hits [{string.Join(",", peer.Ids.Take(5))}…] vs engine [{string.Join(",", engine.Ids.Take(5))}…]";
        }

        foreach (var facet in query.Facets)
        {
            var mine = engine.Facets.GetValueOrDefault(facet) ?? new Dictionary<string, long>();
            var theirs = peer.Facets.GetValueOrDefault(facet) ?? new Dictionary<string, long>();
            if (mine.Count < FacetCap && theirs.Count != mine.Count)
            {
                return $"facet {facet}: {theirs.Count} values vs engine {mine.Count}";
            }

            foreach (var (value, count) in mine)
            {
                if (theirs.GetValueOrDefault(value) != count)
                {
                    return $"facet {facet}={value}: {theirs.GetValueOrDefault(value)} vs engine {count}";
                }
            }
        }

        return null;
    }
}

/// <summary>A peer's agreement over the mix.</summary>
internal sealed class AgreementTally
{
    public int Compared { get; private set; }

    public int Agreed { get; private set; }

    public int NotComparable { get; private set; }

    public List<string> Mismatches { get; } = [];

    public bool Agree => Compared > 0 && Agreed == Compared;

    public void Skip() => NotComparable++;

    public void Record(BenchQuery query, string? difference)
    {
        Compared++;
        if (difference is null)
        {
            Agreed++;
        }
        else if (Mismatches.Count < 10)
        {
            Mismatches.Add($"{query}: {difference}");
        }
    }
}

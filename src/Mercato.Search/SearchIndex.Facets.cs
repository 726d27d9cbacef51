using Mercato.Search.Filtering;
using Mercato.Search.Querying;
using Mercato.Search.Storage;
using Mercato.Search.Text;

namespace Mercato.Search;

public sealed partial class SearchIndex
{
    /// <summary>
    /// Searches the values of one facet: those whose folded text, or one of whose words, starts with the folded
    /// <see cref="FacetValuesQuery.FacetQuery"/>, counted among the documents matching q and filter.
    /// </summary>
    /// <exception cref="SearchQueryException">A parameter is invalid.</exception>
    public FacetValuesResult SearchFacetValues(FacetValuesQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var snapshot = _snapshot;
        if (query.Limit < 0 || query.Limit > _options.MaxLimit)
        {
            throw new SearchQueryException("limit", $"limit must be between 0 and {_options.MaxLimit}, got {query.Limit}.");
        }

        if (query.Q is { } q && q.Length > _options.MaxQueryLength)
        {
            throw new SearchQueryException("q", $"q is {q.Length} characters long; at most {_options.MaxQueryLength} are accepted.");
        }

        var field = ResolveFacets([query.Facet])[0];
        using var scratch = BitmapArena.Open();
        var (geoField, _) = ResolveGeoField(null);
        var filter = FilterParser.Parse(query.Filter, Schema, geoField);
        var text = TextQuery.Create(query.Q, snapshot.Segments, Schema, _options);
        var evals = SegmentEval.Evaluate(snapshot, text, FilterTree.Conjuncts(filter));
        var prefix = string.Join(' ', Tokenizer.Tokens(query.FacetQuery));
        var merged = Merge(field, evals.Select(e => (e, e.Result, e.Count)), value =>
            prefix.Length == 0 || WordsStartWith(value, prefix));
        var hits = Rank(merged).Take(query.Limit).Select(v => (v.Display, v.Count)).ToList();
        return new FacetValuesResult(hits);
    }

    private static bool WordsStartWith(string value, string prefix)
    {
        var words = string.Join(' ', Tokenizer.Tokens(value));
        if (words.StartsWith(prefix, StringComparison.Ordinal))
        {
            return true;
        }

        for (var i = words.IndexOf(' ', StringComparison.Ordinal); i >= 0; i = words.IndexOf(' ', i + 1))
        {
            if (string.CompareOrdinal(words, i + 1, prefix, 0, prefix.Length) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private (Dictionary<string, IReadOnlyDictionary<string, int>>, Dictionary<string, FacetStats>) CountFacets(
        List<int> facets, List<FilterNode> conjuncts, SegmentEval[] evals, int maxValues)
    {
        var distribution = new Dictionary<string, IReadOnlyDictionary<string, int>>(StringComparer.Ordinal);
        var stats = new Dictionary<string, FacetStats>(StringComparer.Ordinal);
        foreach (var field in facets)
        {
            var excluded = new HashSet<int>();
            for (var c = 0; c < conjuncts.Count; c++)
            {
                if (FilterTree.DisjunctiveField(conjuncts[c]) == field)
                {
                    excluded.Add(c);
                }
            }

            var sets = evals.Select(e =>
            {
                if (excluded.Count == 0)
                {
                    return (e, e.Result, e.Count);
                }

                var bits = e.ResultWithout(excluded);
                return (e, bits, Bits.Count(bits));
            });
            var merged = Merge(field, sets, null);
            var name = Schema.Fields[field].Name;
            var values = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var v in Rank(merged).Take(maxValues))
            {
                values[v.Display] = v.Count;
            }

            distribution[name] = values;
            if (Schema.Fields[field].Kind is FieldKind.Integer or FieldKind.Decimal or FieldKind.Date && merged.Count > 0)
            {
                stats[name] = new FacetStats(merged.Values.Min(v => v.Number), merged.Values.Max(v => v.Number));
            }
        }

        return (distribution, stats);
    }

    private static Dictionary<string, FacetValue> Merge(int field, IEnumerable<(SegmentEval Eval, ulong[] Bits, int Count)> sets, Func<string, bool>? accept)
    {
        var merged = new Dictionary<string, FacetValue>(StringComparer.Ordinal);
        foreach (var (eval, bits, count) in sets)
        {
            if (count == 0)
            {
                continue;
            }

            var column = eval.View.Seg.Fields[field]!.Values!;
            var counts = FacetCounter.Count(column, bits, count);
            for (var v = 0; v < counts.Length; v++)
            {
                if (counts[v] == 0)
                {
                    continue;
                }

                var key = column.Keys[v];
                if (merged.TryGetValue(key, out var existing))
                {
                    merged[key] = existing with { Count = existing.Count + counts[v] };
                }
                else if (accept is null || accept(column.Display[v]))
                {
                    merged[key] = new FacetValue(key, column.Display[v], column.Numbers?[v] ?? double.NaN, counts[v]);
                }
            }
        }

        return merged;
    }

    /// <summary>Count descending, then value ascending (numerically for numbers, else by normalized key).</summary>
    private static IEnumerable<FacetValue> Rank(Dictionary<string, FacetValue> merged) =>
        merged.Values
            .OrderByDescending(v => v.Count)
            .ThenBy(v => v.Number)
            .ThenBy(v => v.Key, StringComparer.Ordinal);

    private readonly record struct FacetValue(string Key, string Display, double Number, int Count);
}

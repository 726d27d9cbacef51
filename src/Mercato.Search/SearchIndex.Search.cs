using Mercato.Search.Filtering;
using Mercato.Search.Querying;
using Mercato.Search.Storage;

namespace Mercato.Search;

public sealed partial class SearchIndex
{
    /// <summary>Runs a query against the current snapshot.</summary>
    /// <exception cref="SearchQueryException">A parameter is invalid; the exception names it and, for filters, the position.</exception>
    public SearchResult Search(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var snapshot = _snapshot;
        ValidatePaging(query);
        using var scratch = BitmapArena.Open();
        var (geoField, geoName) = ResolveGeoField(query.GeoField);
        var filter = FilterParser.Parse(query.Filter, Schema, geoField);
        var criteria = SortSpec.Parse(query.Sort, Schema, geoField);
        var facets = ResolveFacets(query.Facets);
        var cursor = query.Cursor is null ? null : Cursor.Decode(query.Cursor, Cursor.QueryHash(query, geoName), criteria);
        var text = TextQuery.Create(query.Q, snapshot.Segments, Schema, _options);
        var conjuncts = FilterTree.Conjuncts(filter);
        var evals = SegmentEval.Evaluate(snapshot, text, conjuncts);
        var total = evals.Sum(e => e.Count);

        var (distribution, stats) = CountFacets(facets, conjuncts, evals, query.MaxValuesPerFacet);
        var matched = new HashSet<string>(StringComparer.Ordinal);
        var comparer = new RankComparer(criteria, snapshot.Segments, text is not null);
        var take = (cursor is null ? query.Offset : 0) + query.Limit;
        var ranked = new List<Candidate>();
        if (query.Limit > 0)
        {
            for (var s = 0; s < evals.Length; s++)
            {
                ranked.AddRange(Ranker.Top(s, evals[s], text, criteria, cursor, comparer, take + 1, matched, _options.Shortcuts));
            }

            ranked.Sort(comparer);
        }

        var skip = cursor is null ? query.Offset : 0;
        var hasGeoSort = criteria.Any(c => c.Kind == SortKind.Geo);
        var hits = new List<SearchHit>(Math.Max(0, Math.Min(query.Limit, ranked.Count - skip)));
        for (var i = skip; i < ranked.Count && i < take; i++)
        {
            var c = ranked[i];
            hits.Add(new SearchHit(c.Id, c.Score, hasGeoSort && !double.IsNaN(c.Distance) ? c.Distance : null));
        }

        string? next = null;
        if (ranked.Count > take && hits.Count > 0)
        {
            next = Cursor.Encode(Cursor.QueryHash(query, geoName), ranked[take - 1], criteria, snapshot.Segments);
        }

        var terms = matched.Order(StringComparer.Ordinal).ToList();
        return new SearchResult(hits, total, total <= _options.ExactTotalCap, distribution, stats, next, terms);
    }

    private void ValidatePaging(SearchQuery query)
    {
        if (query.Limit < 0 || query.Limit > _options.MaxLimit)
        {
            throw new SearchQueryException("limit", $"limit must be between 0 and {_options.MaxLimit}, got {query.Limit}.");
        }

        if (query.Offset < 0 || query.Offset > _options.MaxOffset)
        {
            throw new SearchQueryException("offset", $"offset must be between 0 and {_options.MaxOffset}, got {query.Offset}; page deeper with the cursor.");
        }

        if (query.Cursor is not null && query.Offset != 0)
        {
            throw new SearchQueryException("offset", "offset must be 0 when a cursor is given: the cursor replaces it.");
        }

        if (query.Q is { } q && q.Length > _options.MaxQueryLength)
        {
            throw new SearchQueryException("q", $"q is {q.Length} characters long; at most {_options.MaxQueryLength} are accepted.");
        }

        if (query.MaxValuesPerFacet < 0 || query.MaxValuesPerFacet > 10_000)
        {
            throw new SearchQueryException("facets", $"maxValuesPerFacet must be between 0 and 10000, got {query.MaxValuesPerFacet}.");
        }
    }

    private (int Index, string Name) ResolveGeoField(string? name)
    {
        if (name is not null)
        {
            var i = Schema.IndexOf(name);
            if (i < 0 || Schema.Fields[i].Kind != FieldKind.GeoPoint)
            {
                throw new SearchQueryException("filter", $"Geo field `{name}` is not a GeoPoint field of the index.");
            }

            return (i, name);
        }

        var location = Schema.IndexOf("location");
        if (location >= 0 && Schema.Fields[location].Kind == FieldKind.GeoPoint)
        {
            return (location, "location");
        }

        var geo = Schema.Fields.Where(f => f.Kind == FieldKind.GeoPoint).ToList();
        return geo.Count == 1 ? (Schema.IndexOf(geo[0].Name), geo[0].Name) : (-1, "");
    }

    private List<int> ResolveFacets(IReadOnlyList<string>? names)
    {
        var result = new List<int>();
        if (names is null)
        {
            return result;
        }

        foreach (var name in names)
        {
            if (name == "*")
            {
                for (var f = 0; f < Schema.Fields.Count; f++)
                {
                    if (Schema.Fields[f].Facetable && !result.Contains(f))
                    {
                        result.Add(f);
                    }
                }

                continue;
            }

            var i = Schema.IndexOf(name ?? "");
            if (i < 0 || !Schema.Fields[i].Facetable)
            {
                var available = string.Join(", ", Schema.Fields.Where(f => f.Facetable).Select(f => $"`{f.Name}`"));
                throw new SearchQueryException("facets", $"Attribute `{name}` is not facetable. Available facetable attributes are: {(available.Length == 0 ? "none" : available)}.");
            }

            if (!result.Contains(i))
            {
                result.Add(i);
            }
        }

        return result;
    }
}

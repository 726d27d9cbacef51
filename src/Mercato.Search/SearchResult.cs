namespace Mercato.Search;

/// <summary>One page of hits with totals and facets.</summary>
public sealed class SearchResult
{
    internal SearchResult(
        IReadOnlyList<SearchHit> hits,
        int totalHits,
        bool totalHitsExact,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> facetDistribution,
        IReadOnlyDictionary<string, FacetStats> facetStats,
        string? nextCursor,
        IReadOnlyList<string> matchedTerms)
    {
        Hits = hits;
        TotalHits = totalHits;
        TotalHitsExact = totalHitsExact;
        FacetDistribution = facetDistribution;
        FacetStats = facetStats;
        NextCursor = nextCursor;
        MatchedTerms = matchedTerms;
    }

    /// <summary>The hits of this page, in rank order.</summary>
    public IReadOnlyList<SearchHit> Hits { get; }

    /// <summary>Number of documents matching q and filter; a lower bound when <see cref="TotalHitsExact"/> is false.</summary>
    public int TotalHits { get; }

    /// <summary>True when <see cref="TotalHits"/> is at most <see cref="SearchIndexOptions.ExactTotalCap"/>.</summary>
    public bool TotalHitsExact { get; }

    /// <summary>Per requested facet, value → count among the matching documents (disjunctive for OR/IN clauses on the facet itself).</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> FacetDistribution { get; }

    /// <summary>Per requested numeric facet with at least one value, its minimum and maximum.</summary>
    public IReadOnlyDictionary<string, FacetStats> FacetStats { get; }

    /// <summary>Cursor for the page after this one, or null when this page ends the results.</summary>
    public string? NextCursor { get; }

    /// <summary>Folded index terms that matched the query words (expansions included), for <see cref="Highlighter"/>.</summary>
    public IReadOnlyList<string> MatchedTerms { get; }
}

/// <summary>One hit.</summary>
/// <param name="Id">The document id.</param>
/// <param name="Score">Weighted BM25 score (0 without q).</param>
/// <param name="DistanceMeters">Distance to the <c>_geoPoint</c> sort point, when sorting by distance.</param>
public sealed record SearchHit(long Id, double Score, double? DistanceMeters);

/// <summary>Minimum and maximum of a numeric facet among the matching documents.</summary>
/// <param name="Min">Smallest value.</param>
/// <param name="Max">Largest value.</param>
public readonly record struct FacetStats(double Min, double Max);

/// <summary>Result of a <see cref="FacetValuesQuery"/>.</summary>
public sealed class FacetValuesResult
{
    internal FacetValuesResult(IReadOnlyList<(string Value, int Count)> hits) => Hits = hits;

    /// <summary>Matching values with their counts, by count descending then value.</summary>
    public IReadOnlyList<(string Value, int Count)> Hits { get; }
}

/// <summary>A query parameter is invalid; the message says what was expected, and where.</summary>
public sealed class SearchQueryException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SearchQueryException(string parameter, string message, int? position = null)
        : base(message)
    {
        Parameter = parameter;
        Position = position;
    }

    /// <summary>Creates the exception (for serializers; prefer the parameterized constructor).</summary>
    public SearchQueryException()
        : this("q", "Invalid search query.")
    {
    }

    /// <summary>Creates the exception (for serializers; prefer the parameterized constructor).</summary>
    public SearchQueryException(string message)
        : this("q", message)
    {
    }

    /// <summary>Creates the exception (for serializers; prefer the parameterized constructor).</summary>
    public SearchQueryException(string message, Exception innerException)
        : base(message, innerException) => Parameter = "q";

    /// <summary>The offending parameter: filter, sort, facets, q, limit, offset or cursor.</summary>
    public string Parameter { get; }

    /// <summary>Zero-based character position in the parameter's text, when known.</summary>
    public int? Position { get; }
}

namespace Mercato.Search;

/// <summary>A search request, modelled on Meilisearch's search parameters.</summary>
public sealed record SearchQuery
{
    /// <summary>Full-text query; null, empty or separators only means a placeholder search (all documents).</summary>
    public string? Q { get; init; }

    /// <summary>Filter expression in Meilisearch syntax, for example <c>make IN [Toyota, Honda] AND price 5000 TO 20000</c>.</summary>
    public string? Filter { get; init; }

    /// <summary>Facetable fields to count, or <c>"*"</c> for all of them.</summary>
    public IReadOnlyList<string>? Facets { get; init; }

    /// <summary>Sort criteria in priority order: <c>"price:asc"</c>, <c>"year:desc"</c>, <c>"_geoPoint(40.7,-74.0):asc"</c>.</summary>
    public IReadOnlyList<string>? Sort { get; init; }

    /// <summary>Hits to skip (at most <see cref="SearchIndexOptions.MaxOffset"/>); must be 0 with a cursor.</summary>
    public int Offset { get; init; }

    /// <summary>Hits to return (0 to <see cref="SearchIndexOptions.MaxLimit"/>).</summary>
    public int Limit { get; init; } = 20;

    /// <summary>Opaque cursor from a previous <see cref="SearchResult.NextCursor"/> of the same q, filter and sort.</summary>
    public string? Cursor { get; init; }

    /// <summary>Most values returned per facet, by count descending then value.</summary>
    public int MaxValuesPerFacet { get; init; } = 100;

    /// <summary>The GeoPoint field used by <c>_geoRadius</c>, <c>_geoBoundingBox</c> and <c>_geoPoint</c>; default "location", or the only GeoPoint field.</summary>
    public string? GeoField { get; init; }
}

/// <summary>A facet-value search: values of one facet matching a prefix, counted within a query.</summary>
public sealed record FacetValuesQuery
{
    /// <summary>The facetable field whose values are searched.</summary>
    public required string Facet { get; init; }

    /// <summary>Prefix of the value or of one of its words (folded); null returns the most frequent values.</summary>
    public string? FacetQuery { get; init; }

    /// <summary>Full-text query the counts are restricted to.</summary>
    public string? Q { get; init; }

    /// <summary>Filter the counts are restricted to.</summary>
    public string? Filter { get; init; }

    /// <summary>Most values returned.</summary>
    public int Limit { get; init; } = 10;
}

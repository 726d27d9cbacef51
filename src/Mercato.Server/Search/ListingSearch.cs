using Mercato.Search;

namespace Mercato.Server.Search;

/// <summary>
/// A listing search as a caller asks for it, before limits and defaults: the one shape the API
/// (<see cref="SearchRequest"/>) and the storefront (<c>StorefrontQuery</c>) fill, so both reach the engine through
/// <see cref="ToQuery"/>. Paging is either <see cref="Page"/>/<see cref="HitsPerPage"/> or
/// <see cref="Offset"/>/<see cref="Limit"/>, as in Meilisearch.
/// </summary>
internal sealed record ListingSearch
{
    public string? Q { get; init; }

    /// <summary>Filter expressions, all of which must hold (joined with AND as given, so each brings its own parentheses).</summary>
    public IReadOnlyList<string> Filters { get; init; } = [];

    public IReadOnlyList<string>? Facets { get; init; }

    public IReadOnlyList<string>? Sort { get; init; }

    public int? Limit { get; init; }

    public int? Offset { get; init; }

    public int? Page { get; init; }

    public int? HitsPerPage { get; init; }

    public string? Cursor { get; init; }

    public int? MaxValuesPerFacet { get; init; }

    public bool Paged => Page is not null || HitsPerPage is not null;

    /// <summary>The engine query, with the field errors (named as the API names its parameters) that stop it.</summary>
    public SearchQuery ToQuery(Dictionary<string, string[]> errors)
    {
        Check(errors, "limit", Limit, 0, SearchLimits.MaxLimit);
        Check(errors, "offset", Offset, 0, SearchLimits.MaxOffset);
        Check(errors, "page", Page, 1, SearchLimits.MaxOffset);
        Check(errors, "hitsPerPage", HitsPerPage, 1, SearchLimits.MaxLimit);
        Check(errors, "maxValuesPerFacet", MaxValuesPerFacet, 0, SearchLimits.MaxValuesPerFacet);
        if (Paged && (Limit is not null || Offset is not null))
        {
            errors["page"] = ["use either page/hitsPerPage or offset/limit, not both"];
        }

        var limit = Paged ? HitsPerPage ?? SearchLimits.DefaultLimit : Limit ?? SearchLimits.DefaultLimit;
        var offset = Paged ? ((Page ?? 1) - 1) * limit : Offset ?? 0;
        if (offset > SearchLimits.MaxOffset && !errors.ContainsKey("page"))
        {
            errors["page"] = [$"pages beyond result {SearchLimits.MaxOffset} need the cursor"];
        }

        return new SearchQuery
        {
            Q = Q,
            Filter = Filters.Count == 0 ? null : string.Join(" AND ", Filters),
            Facets = Facets,
            Sort = Sort,
            Limit = limit,
            Offset = Cursor is null ? offset : 0,
            Cursor = Cursor,
            MaxValuesPerFacet = MaxValuesPerFacet ?? SearchLimits.DefaultValuesPerFacet,
            GeoField = ListingDocuments.Location,
        };
    }

    private static void Check(Dictionary<string, string[]> errors, string name, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            errors[name] = [$"must be between {min} and {max}"];
        }
    }
}

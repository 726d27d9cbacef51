namespace Mercato.Server.Search;

/// <summary>
/// Paging and facet limits of listing search, decided here once for the API, the storefront and the indexes the
/// server builds (the engine refuses a query beyond them too).
/// </summary>
internal static class SearchLimits
{
    /// <summary>Most hits one request returns.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Deepest offset; pages beyond it need the cursor.</summary>
    public const int MaxOffset = 10_000;

    /// <summary>Hits returned when the request does not say.</summary>
    public const int DefaultLimit = 20;

    public const int MaxValuesPerFacet = 1000;

    public const int DefaultValuesPerFacet = 100;

    public const int StorefrontPageSize = 24;

    /// <summary>The storefront's last page: 400 × 24 stays inside <see cref="MaxOffset"/>, so it never needs the cursor.</summary>
    public const int StorefrontMaxPage = 400;

    /// <summary>The storefront shows this many values of a facet (the API's default counts more than a page shows).</summary>
    public const int StorefrontValuesPerFacet = 30;
}

namespace Mercato.Search;

/// <summary>Limits and maintenance settings of a <see cref="SearchIndex"/>.</summary>
public sealed record SearchIndexOptions
{
    /// <summary>Largest accepted <see cref="SearchQuery.Limit"/>.</summary>
    public int MaxLimit { get; init; } = 1000;

    /// <summary>Largest accepted <see cref="SearchQuery.Offset"/>; page deeper with <see cref="SearchQuery.Cursor"/>.</summary>
    public int MaxOffset { get; init; } = 10_000;

    /// <summary>Totals above this are flagged <see cref="SearchResult.TotalHitsExact"/> = false.</summary>
    public int ExactTotalCap { get; init; } = 100_000;

    /// <summary>Longest accepted <see cref="SearchQuery.Q"/> in characters.</summary>
    public int MaxQueryLength { get; init; } = 512;

    /// <summary>Query words beyond this many are ignored (as Meilisearch does).</summary>
    public int MaxQueryWords { get; init; } = 10;

    /// <summary>Most terms one prefix (the last query word) may expand to; the most frequent are kept.</summary>
    public int MaxPrefixExpansions { get; init; } = 200;

    /// <summary>
    /// When the documents written since the last full merge exceed this count (or a tenth of the main segment is
    /// deleted), everything is merged into one segment in the background, reclaiming replaced and deleted documents.
    /// </summary>
    public int MergeThreshold { get; init; } = 50_000;

    /// <summary>Run full merges on a background thread (true) or inline in the writing call (false, for tests).</summary>
    public bool BackgroundMerge { get; init; } = true;

    /// <summary>Early-terminating query paths (sorted walks, nearest-first, typo tiers); off only to test them against the plain ones.</summary>
    internal bool Shortcuts { get; init; } = true;
}

using FsCheck.Xunit;
using Mercato.Search.Tests.Oracle;

namespace Mercato.Search.Tests;

/// <summary>
/// The early-terminating query paths (sorted walks, nearest-first rings, typo tiers) against the plain paths that
/// rank every match: identical pages, scores, distances, totals, facets, matched terms and cursors.
/// </summary>
public class ShortcutTests
{
    private static readonly SearchIndexOptions Options = new() { MergeThreshold = 100_000, BackgroundMerge = false };

    private static (SearchIndex Fast, SearchIndex Plain) Load(Random r, int count)
    {
        var fast = new SearchIndex(Model.Schema, Options);
        var plain = new SearchIndex(Model.Schema, Options with { Shortcuts = false });
        var bulk = Enumerable.Range(1, count).Select(id => Model.RandomDoc(r, id).ToSearchDocument()).ToList();
        fast.UpsertMany(bulk);
        plain.UpsertMany(bulk);
        for (var i = 0; i < count / 20; i++)
        {
            var d = Model.RandomDoc(r, r.Next(1, count + (count / 10))).ToSearchDocument();
            fast.Upsert(d);
            plain.Upsert(d);
        }

        return (fast, plain);
    }

    private static void Same(SearchResult a, SearchResult b, string message)
    {
        a.TotalHits.ShouldBe(b.TotalHits, message);
        a.Hits.Select(h => h.Id).ToArray().ShouldBe(b.Hits.Select(h => h.Id).ToArray(), message);
        a.Hits.Select(h => h.Score).ToArray().ShouldBe(b.Hits.Select(h => h.Score).ToArray(), message);
        a.Hits.Select(h => h.DistanceMeters).ToArray().ShouldBe(b.Hits.Select(h => h.DistanceMeters).ToArray(), message);
        a.MatchedTerms.ShouldBe(b.MatchedTerms, message);
        a.NextCursor.ShouldBe(b.NextCursor, message);
        a.FacetDistribution.Keys.Order().ShouldBe(b.FacetDistribution.Keys.Order(), message);
        foreach (var (facet, values) in a.FacetDistribution)
        {
            values.ShouldBe(b.FacetDistribution[facet], message);
        }

        a.FacetStats.ShouldBe(b.FacetStats, message);
    }

    [Property(MaxTest = 25)]
    public void Shortcut_paths_rank_like_the_plain_paths(int seed)
    {
        var r = new Random(seed);
        var (fast, plain) = Load(r, 1500 + r.Next(1500));
        string[] sorts = ["price", "rating", "created", "make", "_geoPoint(41, -74)", $"_geoPoint({Model.Num(40 + (r.NextDouble() * 2))}, {Model.Num(-75 + (r.NextDouble() * 2))})"];
        for (var i = 0; i < 12; i++)
        {
            var sort = r.Next(4) == 0 ? null : Enumerable.Range(0, r.Next(1, 3)).Select(_ => sorts[r.Next(sorts.Length)] + (r.Next(3) == 0 ? ":desc" : ":asc")).Distinct().ToArray();
            var q = r.Next(2) == 0 ? string.Join(' ', Enumerable.Range(0, r.Next(1, 3)).Select(_ => Model.Words[r.Next(Model.Words.Length)][..(2 + r.Next(4))])) : null;
            var query = new SearchQuery
            {
                Q = q,
                Filter = r.Next(3) == 0 ? Filters.Random(r).Render() : null,
                Sort = sort,
                Offset = r.Next(3) == 0 ? r.Next(0, 300) : 0,
                Limit = r.Next(0, 40),
                Facets = r.Next(2) == 0 ? ["make", "tags", "price", "used"] : null,
            };
            var message = $"q={query.Q} filter={query.Filter} sort={string.Join(',', sort ?? [])} offset={query.Offset} limit={query.Limit}";
            Same(fast.Search(query), plain.Search(query), message);

            // A few cursor steps from the first page.
            var cursorQuery = query with { Offset = 0, Limit = 1 + r.Next(30), Facets = null };
            for (var step = 0; step < 4; step++)
            {
                var a = fast.Search(cursorQuery);
                var b = plain.Search(cursorQuery);
                Same(a, b, message + " cursor step " + step);
                if (a.NextCursor is null)
                {
                    break;
                }

                cursorQuery = cursorQuery with { Cursor = a.NextCursor };
            }
        }
    }
}

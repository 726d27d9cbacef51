using FsCheck.Xunit;
using Mercato.Search.Tests.Oracle;

namespace Mercato.Search.Tests;

/// <summary>The index against a brute-force oracle on random documents, writes and queries (seeds drawn by FsCheck).</summary>
public class PropertyTests
{
    private static readonly SearchIndexOptions Options = new() { MergeThreshold = 40, BackgroundMerge = false };

    /// <summary>Random documents loaded through bulk loads, single upserts and deletes, so several segments and merges occur.</summary>
    private static (SearchIndex Index, Naive Naive) Load(Random r, int count = 200)
    {
        var index = new SearchIndex(Model.Schema, Options);
        var naive = new Naive();
        var bulk = Enumerable.Range(0, count / 2).Select(_ => Model.RandomDoc(r, r.Next(1, count * 2))).ToList();
        index.UpsertMany(bulk.Select(d => d.ToSearchDocument()));
        bulk.ForEach(naive.Upsert);
        for (var i = 0; i < count / 2; i++)
        {
            if (r.Next(8) == 0)
            {
                var id = r.Next(1, count * 2);
                index.Delete(id).ShouldBe(naive.Delete(id));
            }
            else
            {
                var d = Model.RandomDoc(r, r.Next(1, count * 2));
                index.Upsert(d.ToSearchDocument());
                naive.Upsert(d);
            }
        }

        index.Count.ShouldBe(naive.Docs.Count);
        return (index, naive);
    }

    private static string RandomQ(Random r)
    {
        var words = Enumerable.Range(0, r.Next(1, 3)).Select(_ => Mutate(r, Model.Words[r.Next(Model.Words.Length)])).ToList();
        var q = string.Join(' ', words);
        return r.Next(4) == 0 ? q + " " : q;
    }

    private static string Mutate(Random r, string w) => r.Next(7) switch
    {
        0 => w[..Math.Max(1, r.Next(1, w.Length))],
        1 => w.Remove(r.Next(w.Length), 1),
        2 when w.Length > 2 => w[..1] + w[2] + w[1] + w[3..],
        3 => w.Insert(r.Next(w.Length), "x"),
        4 => w.ToUpperInvariant(),
        5 => w.Replace('e', 'é'),
        _ => w,
    };

    [Property(MaxTest = 150)]
    public void Filters_select_the_same_documents_as_the_oracle(int seed)
    {
        var r = new Random(seed);
        var (index, naive) = Load(r);
        for (var i = 0; i < 5; i++)
        {
            var filter = Filters.Random(r);
            var expected = naive.Match(null, filter).OrderByDescending(d => d.Id).Select(d => d.Id).ToArray();
            var result = index.Search(new SearchQuery { Filter = filter.Render(), Limit = 1000 });
            result.TotalHits.ShouldBe(expected.Length, filter.Render());
            result.Ids().ShouldBe(expected, filter.Render());
        }
    }

    [Property(MaxTest = 150)]
    public void Text_queries_match_the_same_documents_as_the_oracle(int seed)
    {
        var r = new Random(seed);
        var (index, naive) = Load(r);
        for (var i = 0; i < 5; i++)
        {
            var q = RandomQ(r);
            var filter = r.Next(3) == 0 ? Filters.Random(r) : null;
            var expected = naive.Match(q, filter).Select(d => d.Id).Order().ToArray();
            var result = index.Search(new SearchQuery { Q = q, Filter = filter?.Render(), Limit = 1000 });
            result.TotalHits.ShouldBe(expected.Length, q);
            result.Ids().Order().ToArray().ShouldBe(expected, q);
            result.Hits.Select(h => h.Score).ShouldAllBe(s => s > 0);
        }
    }

    [Property(MaxTest = 150)]
    public void Sorts_and_pages_follow_the_oracle_order(int seed)
    {
        var r = new Random(seed);
        var (index, naive) = Load(r);
        string[] fields = ["price", "rating", "created", "make", $"_geoPoint({Model.Num(40 + r.NextDouble())}, {Model.Num(-74 + r.NextDouble())})"];
        for (var i = 0; i < 4; i++)
        {
            var sort = Enumerable.Range(0, r.Next(1, 3)).Select(_ => fields[r.Next(fields.Length)] + (r.Next(2) == 0 ? ":asc" : ":desc")).Distinct().ToArray();
            var filter = r.Next(2) == 0 ? Filters.Random(r) : null;
            var expected = Naive.Sort(naive.Match(null, filter), sort);
            var offset = r.Next(0, 30);
            var limit = r.Next(0, 25);
            var page = index.Search(new SearchQuery { Filter = filter?.Render(), Sort = sort, Offset = offset, Limit = limit });
            var message = string.Join(',', sort) + " " + filter?.Render();
            page.Ids().ShouldBe([.. expected.Skip(offset).Take(limit).Select(d => d.Id)], message);
            page.TotalHits.ShouldBe(expected.Count);

            var geo = sort.FirstOrDefault(s => s.StartsWith('_'));
            foreach (var hit in page.Hits)
            {
                var want = geo is null ? null : Naive.SortKey(expected.First(d => d.Id == hit.Id), geo[..geo.LastIndexOf(':')]);
                hit.DistanceMeters.ShouldBe((double?)want);
            }

            // Walking with the cursor visits every hit once, in order.
            var walked = new List<long>();
            string? cursor = null;
            var size = r.Next(1, 40);
            do
            {
                var next = index.Search(new SearchQuery { Filter = filter?.Render(), Sort = sort, Limit = size, Cursor = cursor });
                walked.AddRange(next.Ids());
                cursor = next.NextCursor;
            }
            while (cursor is not null);
            walked.ToArray().ShouldBe([.. expected.Select(d => d.Id)], message);
        }
    }

    [Property(MaxTest = 100)]
    public void Relevance_pages_walked_by_cursor_equal_one_big_page(int seed)
    {
        var r = new Random(seed);
        var (index, _) = Load(r);
        var q = RandomQ(r);
        var all = index.Search(new SearchQuery { Q = q, Limit = 1000 }).Ids();
        var walked = new List<long>();
        string? cursor = null;
        var size = r.Next(1, 10);
        do
        {
            var page = index.Search(new SearchQuery { Q = q, Limit = size, Cursor = cursor });
            walked.AddRange(page.Ids());
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        walked.ToArray().ShouldBe(all, q);
        var offsetPage = index.Search(new SearchQuery { Q = q, Offset = 3, Limit = 5 }).Ids();
        offsetPage.ShouldBe([.. all.Skip(3).Take(5)]);
    }

    [Property(MaxTest = 150)]
    public void Facet_counts_and_stats_match_the_oracle(int seed)
    {
        var r = new Random(seed);
        var (index, naive) = Load(r);
        string[] facets = ["make", "tags", "price", "rating", "used"];
        for (var i = 0; i < 4; i++)
        {
            var filter = Filters.Random(r);
            var q = r.Next(3) == 0 ? RandomQ(r) : null;
            var result = index.Search(new SearchQuery { Q = q, Filter = filter.Render(), Facets = facets, Limit = 0 });
            foreach (var facet in facets)
            {
                var expected = naive.Facet(facet, q, filter);
                var actual = result.FacetDistribution[facet].ToDictionary(kv => Filters.Norm(kv.Key), kv => kv.Value);
                actual.ShouldBe(expected, ignoreOrder: true, customMessage: facet + " " + filter.Render());
                if (facet is "price" or "rating")
                {
                    if (expected.Count == 0)
                    {
                        result.FacetStats.ContainsKey(facet).ShouldBeFalse();
                    }
                    else
                    {
                        var numbers = expected.Keys.Select(k => double.Parse(k, System.Globalization.CultureInfo.InvariantCulture)).ToList();
                        result.FacetStats[facet].ShouldBe(new FacetStats(numbers.Min(), numbers.Max()));
                    }
                }
            }
        }
    }

    [Property(MaxTest = 100)]
    public void Writes_interleaved_with_queries_stay_consistent(int seed)
    {
        var r = new Random(seed);
        var index = new SearchIndex(Model.Schema, Options with { MergeThreshold = 1 + r.Next(60) });
        var naive = new Naive();
        for (var step = 0; step < 120; step++)
        {
            switch (r.Next(10))
            {
                case < 5:
                    var d = Model.RandomDoc(r, r.Next(1, 150));
                    index.Upsert(d.ToSearchDocument());
                    naive.Upsert(d);
                    break;
                case < 7:
                    var batch = Enumerable.Range(0, r.Next(1, 20)).Select(_ => Model.RandomDoc(r, r.Next(1, 150))).ToList();
                    index.UpsertMany(batch.Select(x => x.ToSearchDocument()));
                    batch.ForEach(naive.Upsert);
                    break;
                case < 8:
                    var id = r.Next(1, 150);
                    index.Delete(id).ShouldBe(naive.Delete(id));
                    break;
                default:
                    var filter = r.Next(2) == 0 ? Filters.Random(r) : null;
                    var q = r.Next(2) == 0 ? RandomQ(r) : null;
                    var result = index.Search(new SearchQuery { Q = q, Filter = filter?.Render(), Limit = 1000, Facets = ["make"] });
                    var expected = naive.Match(q, filter);
                    result.Ids().Order().ToArray().ShouldBe([.. expected.Select(x => x.Id).Order()]);
                    result.FacetDistribution["make"].ToDictionary(kv => Filters.Norm(kv.Key), kv => kv.Value)
                        .ShouldBe(naive.Facet("make", q, filter), ignoreOrder: true);
                    break;
            }

            index.Count.ShouldBe(naive.Docs.Count);
        }
    }
}

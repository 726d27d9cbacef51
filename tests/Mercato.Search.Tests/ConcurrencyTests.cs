namespace Mercato.Search.Tests;

public class ConcurrencyTests
{
    /// <summary>
    /// Every write replaces a whole group of 50 documents with a new generation of them, so a reader that saw a
    /// half-applied write would count a generation with fewer than 50 documents.
    /// </summary>
    [Fact]
    public async Task Readers_never_see_half_applied_writes_while_a_writer_upserts_deletes_and_merges()
    {
        const int group = 50;
        var index = new SearchIndex(Vehicles.Schema, new SearchIndexOptions { MergeThreshold = 300 });
        index.UpsertMany(Enumerable.Range(0, group).Select(i => Vehicles.Car(i, "gen0", "Camry", 2020, i)));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var failures = 0;
        var queries = 0;

        var writer = Task.Run(() =>
        {
            for (var gen = 1; !stop.IsCancellationRequested; gen++)
            {
                index.UpsertMany(Enumerable.Range(0, group).Select(i => Vehicles.Car(i, $"gen{gen}", "Camry", 2020, i)));
                index.Upsert(Vehicles.Car(1000 + gen, "other", "Civic", 2020, 1));
                index.Delete(1000 + gen - 1);
            }
        });

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var result = index.Search(new SearchQuery { Q = "camry", Filter = "price >= 0", Facets = ["make"], Limit = 100 });
                Interlocked.Increment(ref queries);
                var generations = result.FacetDistribution["make"];
                if (result.TotalHits != group || generations.Count != 1 || generations.Values.Single() != group)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToList();

        await Task.WhenAll([writer, .. readers]);
        failures.ShouldBe(0);
        queries.ShouldBeGreaterThan(10);
        index.Search(new SearchQuery { Filter = "make = other" }).TotalHits.ShouldBe(1);
    }
}

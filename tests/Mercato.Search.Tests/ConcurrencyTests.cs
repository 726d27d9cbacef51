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
        // Runs until the writer has done enough generations (merges included) and the readers enough queries, however
        // slow a loaded machine makes either side; the 60 s cap only guards against a hang.
        using var stop = new CancellationTokenSource();
        using var cap = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var failures = 0;
        var queries = 0;
        var generations = 0;

        var writer = Task.Run(() =>
        {
            for (var gen = 1; !stop.IsCancellationRequested; gen++)
            {
                index.UpsertMany(Enumerable.Range(0, group).Select(i => Vehicles.Car(i, $"gen{gen}", "Camry", 2020, i)));
                index.Upsert(Vehicles.Car(1000 + gen, "other", "Civic", 2020, 1));
                index.Delete(1000 + gen - 1);
                Volatile.Write(ref generations, gen);
                if ((gen >= 300 && Volatile.Read(ref queries) >= 200) || cap.IsCancellationRequested)
                {
                    stop.Cancel();
                }
            }
        });

        var readers = Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                var result = index.Search(new SearchQuery { Q = "camry", Filter = "price >= 0", Facets = ["make"], Limit = 100 });
                Interlocked.Increment(ref queries);
                var seen = result.FacetDistribution["make"];
                if (result.TotalHits != group || seen.Count != 1 || seen.Values.Single() != group)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        })).ToList();

        await Task.WhenAll([writer, .. readers]);
        failures.ShouldBe(0, $"{failures} of {queries} queries saw a half-applied write ({generations} generations)");
        queries.ShouldBeGreaterThanOrEqualTo(200, $"only {queries} queries in 60 s");
        var others = index.Search(new SearchQuery { Filter = "make = other", Limit = 10 });
        others.TotalHits.ShouldBe(1, $"after {generations} generations the 'other' documents are {string.Join(", ", others.Hits.Select(h => h.Id))}");
        others.Hits.Single().Id.ShouldBe(1000 + generations);
    }
}

using System.Text.Json;
using Mercato.Bench.Search;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Search;

[Collection(nameof(SerialConsole))]
public sealed class SearchBenchmarkTests
{
    private const int Listings = 2_000;
    private const int Queries = 150;

    [Fact]
    public async Task Engine_and_sqlite_agree_on_totals_top_hits_and_facets()
    {
        var result = await SearchBenchmark.RunAsync(Options(["sqlite"], null), TextWriter.Null);

        result.EngineLatency.Count.ShouldBe(Queries);
        result.EstimatedMegabytes.ShouldBeGreaterThan(0);
        var sqlite = result.Peers.ShouldHaveSingleItem();
        sqlite.Latency.Count.ShouldBe(Queries);
        sqlite.Agreement.Mismatches.ShouldBeEmpty();
        sqlite.Agreement.Agree.ShouldBeTrue();

        // Typo queries are never comparable; most of the rest must be.
        sqlite.Agreement.NotComparable.ShouldBeGreaterThanOrEqualTo(result.Queries.Count(q => !q.Comparable));
        sqlite.Agreement.Compared.ShouldBeGreaterThan(Queries / 2);
        result.Queries.Count(q => q.DeterministicOrder).ShouldBeGreaterThan(Queries / 4);
    }

    [SkippableFact]
    public async Task Engine_and_postgres_agree_on_totals_top_hits_and_facets()
    {
        Skip.If(TestDatabases.PostgresSkipReason is not null, TestDatabases.PostgresSkipReason);
        var database = await TestDatabases.CreatePostgresDatabaseAsync();
        try
        {
            var result = await SearchBenchmark.RunAsync(Options(["postgres"], database), TextWriter.Null);

            var postgres = result.Peers.ShouldHaveSingleItem();
            postgres.Skipped.ShouldBeNull();
            postgres.Agreement.Mismatches.ShouldBeEmpty();
            postgres.Agreement.Agree.ShouldBeTrue();
            postgres.Agreement.Compared.ShouldBeGreaterThan(Queries / 2);
        }
        finally
        {
            await TestDatabases.DropPostgresDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task The_command_writes_the_json_report_with_the_documented_keys()
    {
        var json = Path.Combine(TestDatabases.NewSqliteDirectory(), "bench.json");

        var (code, output, _) = await ConsoleCapture.RunAsync(["bench", "search", "--listings", "500", "--queries", "40", "--seed", "3", "--peers", "sqlite", "--json", json]);

        code.ShouldBe(0);
        output.ShouldContain("p95 ms");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = report.RootElement;
        root.GetProperty("listings").GetInt32().ShouldBe(500);
        root.GetProperty("queries").GetInt32().ShouldBe(40);
        var engine = root.GetProperty("engine");
        foreach (var key in new[] { "p50_ms", "p95_ms", "p99_ms", "max_ms", "qps_1t", "qps_2t", "build_s", "memory_mb" })
        {
            engine.GetProperty(key).GetDouble().ShouldBeGreaterThanOrEqualTo(0, key);
        }

        var sqlite = root.GetProperty("peers").GetProperty("sqlite");
        sqlite.GetProperty("p95_ms").GetDouble().ShouldBeGreaterThan(0);
        sqlite.GetProperty("agree").GetBoolean().ShouldBeTrue();
    }

    [Theory]
    [InlineData(new[] { "bench", "frobnicate" }, "unknown command 'frobnicate'")]
    [InlineData(new[] { "bench", "serch" }, "did you mean 'search'?")]
    [InlineData(new[] { "bench", "search" }, "Option '--listings' is required")]
    [InlineData(new[] { "bench", "search", "--listings", "10", "--peers", "mysql" }, "unknown peer 'mysql'")]
    public async Task Wrong_usage_prints_one_line_and_exits_2(string[] args, string expected)
    {
        var (code, _, error) = await ConsoleCapture.RunAsync(args);

        code.ShouldBe(2);
        error.Trim().ShouldContain(expected);
        error.Trim().ShouldNotContain("\n");
    }

    private static BenchOptions Options(IReadOnlyList<string> peers, string? postgres) =>
        new(Listings, Queries, Seed: 11, peers, JsonPath: null, postgres, TestReferenceData.Current);
}

using System.Text.Json;
using Mercato.Bench.Storefront;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Pages;

/// <summary>Keeps <c>mercato bench storefront</c> working at a tiny size; no timing is asserted.</summary>
[Collection(nameof(SerialConsole))]
public sealed class StorefrontBenchmarkTests
{
    [Fact]
    public async Task The_command_serves_the_mix_and_writes_the_json_report_with_the_documented_keys()
    {
        var json = Path.Combine(TestDatabases.NewSqliteDirectory(), "storefront.json");

        var (code, output, _) = await ConsoleCapture.RunAsync(["bench", "storefront", "--listings", "2000", "--requests", "50", "--seed", "3", "--json", json]);

        code.ShouldBe(0);
        output.ShouldContain("server");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = report.RootElement;
        root.GetProperty("engine").GetString().ShouldBe("sqlite");
        root.GetProperty("listings").GetInt32().ShouldBe(2000);
        root.GetProperty("indexed").GetInt32().ShouldBe(2000);
        root.GetProperty("requests").GetInt32().ShouldBe(50);
        root.GetProperty("statuses").GetProperty("200").GetInt32().ShouldBe(50);
        foreach (var part in new[] { "server", "client", "search", "db", "render_rest", "engine_1t", "engine_1t_no_facets" })
        {
            foreach (var key in new[] { "p50_ms", "p95_ms", "p99_ms", "max_ms" })
            {
                root.GetProperty(part).GetProperty(key).GetDouble().ShouldBeGreaterThanOrEqualTo(0, $"{part}.{key}");
            }
        }

        // Every request was timed by the server and carried the search page's Server-Timing header.
        root.GetProperty("server").GetProperty("p50_ms").GetDouble().ShouldBeGreaterThan(0);
        root.GetProperty("search").GetProperty("max_ms").GetDouble().ShouldBeGreaterThan(0);
        root.GetProperty("db").GetProperty("max_ms").GetDouble().ShouldBeGreaterThan(0);

        var loads = root.GetProperty("first_load").EnumerateArray().ToList();
        loads.Select(l => l.GetProperty("url").GetString()).ShouldBe(["/", "/search", "/search?cat=vehicles"]);
        foreach (var load in loads)
        {
            load.GetProperty("status").GetInt32().ShouldBe(200);
            load.GetProperty("encoding").GetString().ShouldBe("br");
            load.GetProperty("compressed_bytes").GetInt64().ShouldBeInRange(1, load.GetProperty("html_bytes").GetInt64() - 1);
        }

        // The mix finds things: searches near a ZIP code and browsing return listings.
        var kinds = root.GetProperty("kinds");
        kinds.GetProperty("browse").GetProperty("median_total_hits").GetDouble().ShouldBe(2000);
    }

    [SkippableFact]
    public async Task On_postgres_it_uses_a_scratch_database_and_drops_it()
    {
        Skip.If(TestDatabases.PostgresSkipReason is not null, TestDatabases.PostgresSkipReason);
        var server = TestDatabases.PostgresConnectionString!;

        var result = await StorefrontBenchmark.RunAsync(new StorefrontBenchOptions(1000, 30, 5, 2, server, null), TextWriter.Null);

        result.Engine.ShouldBe("postgres");
        result.Indexed.ShouldBe(1000);
        result.Samples.Count.ShouldBe(30);
        result.Samples.ShouldAllBe(s => s.Status == 200);
        await using var connection = new Npgsql.NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname LIKE 'mercato_storefront_bench_%'", connection);
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(0);
    }

    [Fact]
    public async Task Without_listings_it_prints_one_line_and_exits_2()
    {
        var (code, _, error) = await ConsoleCapture.RunAsync(["bench", "storefront"]);

        code.ShouldBe(2);
        error.Trim().ShouldContain("Option '--listings' is required");
    }
}

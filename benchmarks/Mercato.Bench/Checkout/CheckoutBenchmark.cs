using System.Collections.Concurrent;
using System.CommandLine;
using System.Globalization;
using System.Net.Http.Headers;
using Dapper;
using Mercato.Server.Payments;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Npgsql;

namespace Mercato.Bench.Checkout;

internal sealed record CheckoutBenchOptions(int Buyers, int Items, int Units, int Listings, int Checkouts, int Lines, int Seed, string? Database, string? JsonPath);

internal sealed class CheckoutBenchResult
{
    public required CheckoutBenchOptions Options { get; init; }

    public required string Backend { get; init; }

    public PhaseResult Warmup { get; set; } = new();

    public PhaseResult Throughput { get; set; } = new();

    public PhaseResult Contention { get; set; } = new();

    /// <summary>Units of each scarce item on live orders, from the database after the contention phase.</summary>
    public Dictionary<long, long> Sold { get; set; } = [];

    public long OversoldUnits { get; set; }

    /// <summary>Scarce items whose stock row, after every contention order was paid, is not (available = units − sold, reserved = 0).</summary>
    public int StockMismatches { get; set; }

    public int Paid { get; set; }

    public List<int> PaymentFailures { get; } = [];

    public long LedgerImbalance { get; set; }

    public long LedgerEntries { get; set; }

    public double SetupSeconds { get; set; }

    public string LoadAverage { get; set; } = "";
}

/// <summary>
/// <c>mercato bench checkout</c>: a scratch database with a large catalog of stocked products and a few scarce items,
/// the real web application on a loopback port with the manual payment provider, and B guest buyers going through the
/// HTTP API: a throughput phase (add to cart, check out, over the whole catalog) and a contention phase (everyone
/// races for the scarce items). Oversold units are counted in the database afterwards; orders are then paid (the
/// manual provider's seller confirmation) and the ledger must sum to zero. docs/benchmarks.md describes it.
/// </summary>
internal static class CheckoutBenchmark
{
    // Orders of the throughput phase paid afterwards (beside every contention order), so both phases reach the ledger.
    private const int ThroughputOrdersPaid = 200;
    private const string AdminToken = "bench-admin-token-0123456789abcdef";

    public static Command Create(CliGlobals globals)
    {
        var buyers = CliGlobals.Required("--buyers", "concurrent buyers (B), each a guest with its own cart", 1, 10_000, "B");
        var items = CliGlobals.Required("--items", "scarce items the buyers race for in the contention phase (I)", 1, 10_000, "I");
        var units = CliGlobals.Int("--units", "units in stock of each scarce item (default 3)", 3, 1, 1_000, "U");
        var listings = CliGlobals.Int("--listings", "products in the throughput phase's catalog (default 10000)", 10_000, 1, 1_000_000);
        var checkouts = CliGlobals.Int("--checkouts", "measured checkouts of the throughput phase (default 5000; a tenth more, at least B, warm up first)", 5_000, 1, 10_000_000);
        var lines = CliGlobals.Int("--lines", "listings per cart in the throughput phase (default 1: one order per checkout)", 1, 1, 50, "L");
        var seed = CliGlobals.Int("--seed", "seed of the buyers' picks (default 1)", 1, helpName: "S");
        var json = new Option<string?>("--json") { Description = "also write the figures as JSON", HelpName = "FILE" };
        var command = new Command("checkout",
            "checkout through the HTTP API with the manual provider: throughput of B buyers over a large catalog, then B buyers racing for I scarce items "
            + "(oversold units and ledger imbalance checked in the database); SQLite in a temporary folder, or a new database on the --database PostgreSQL server, dropped after")
        {
            buyers, items, units, listings, checkouts, lines, seed, json,
        };
        command.SetAction((result, _) => RunAsync(new CheckoutBenchOptions(
            result.GetValue(buyers),
            result.GetValue(items),
            result.GetValue(units),
            result.GetValue(listings),
            result.GetValue(checkouts),
            result.GetValue(lines),
            result.GetValue(seed),
            globals.ToDatabaseOptions(result).ConnectionString is { Length: > 0 } connection ? connection : null,
            result.GetValue(json))));
        return command;
    }

    private static async Task<int> RunAsync(CheckoutBenchOptions options)
    {
        var result = await RunAsync(options, Console.Error);
        Console.Write(CheckoutReport.Text(result));
        if (options.JsonPath is not null)
        {
            await File.WriteAllTextAsync(options.JsonPath, CheckoutReport.Json(result) + "\n");
        }

        return result.OversoldUnits == 0 && result.LedgerImbalance == 0 && result.StockMismatches == 0 ? 0 : 1;
    }

    public static async Task<CheckoutBenchResult> RunAsync(CheckoutBenchOptions options, TextWriter progress)
    {
        var loadBefore = LoadAverage();
        var work = Path.Combine(Path.GetTempPath(), $"mercato-checkout-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        string? scratch = null;
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Mercato:Demo:Enabled"] = "false",
                ["Mercato:Accounts:AdminToken"] = AdminToken,
                ["Mercato:Payments:Provider"] = "manual",
                [$"{DatabaseOptions.Section}:AutoMigrate"] = "true",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            };
            if (options.Database is not null)
            {
                scratch = await CreatePostgresDatabaseAsync(options.Database);
                settings[$"{DatabaseOptions.Section}:ConnectionString"] = scratch;
            }
            else
            {
                settings[$"{DatabaseOptions.Section}:DataDir"] = Path.Combine(work, "data");
            }

            var result = new CheckoutBenchResult { Options = options, Backend = scratch is null ? "sqlite" : "postgres" };
            await using var app = MercatoApp.Build([], settings);
            await MercatoApp.PrepareAsync(app);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var catalog = await CheckoutCatalogBuilder.CreateAsync(app.Services, options.Listings, options.Items, options.Units);
            await app.StartAsync();
            result.SetupSeconds = clock.Elapsed.TotalSeconds;
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"bench: {options.Listings:N0} products and {options.Items} scarce items of {options.Units} units on {result.Backend}, ready in {result.SetupSeconds:F1} s"));

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient(new SocketsHttpHandler
            {
                UseCookies = false,
                MaxConnectionsPerServer = options.Buyers,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            })
            { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(5) };
            var buyers = new CheckoutBuyers(http, options.Buyers);

            var warmup = Math.Max(options.Buyers, options.Checkouts / 10);
            result.Warmup = await CheckoutPhases.ThroughputAsync(buyers, catalog, warmup, options.Lines, options.Seed + 1);
            await progress.WriteLineAsync($"bench: {warmup:N0} warm-up checkouts done; measuring {options.Checkouts:N0} on {options.Buyers} buyers");
            result.Throughput = await CheckoutPhases.ThroughputAsync(buyers, catalog, options.Checkouts, options.Lines, options.Seed);
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"bench: throughput {result.Throughput.Orders / result.Throughput.WallSeconds:F0} orders/s; {options.Buyers} buyers now race for {options.Items * options.Units} units"));
            result.Contention = await CheckoutPhases.ContentionAsync(buyers, catalog);

            var database = app.Services.GetRequiredService<Database>();
            result.Sold = await CheckoutCatalogBuilder.SoldAsync(database, catalog);
            result.OversoldUnits = result.Sold.Values.Sum(units => Math.Max(0, units - catalog.Units));
            await PayAsync(http, database, catalog, result);
            await CheckAsync(database, catalog, result);
            await app.StopAsync();
            result.LoadAverage = $"{loadBefore} → {LoadAverage()}";
            return result;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (scratch is not null)
            {
                await DropPostgresDatabaseAsync(options.Database!, scratch);
            }

            Directory.Delete(work, recursive: true);
        }
    }

    // The seller's confirmation of a manual payment, for every contention order and a sample of the throughput's.
    private static async Task PayAsync(HttpClient http, Database database, CheckoutCatalog catalog, CheckoutBenchResult result)
    {
        List<long> orders;
        await using (var connection = await database.OpenAsync())
        {
            orders = (await connection.QueryAsync<long>(
                $"""
                SELECT DISTINCT order_id FROM order_lines WHERE tenant_id = @TenantId AND {database.In("listing_id", "@items")}
                UNION SELECT id FROM (SELECT id FROM orders WHERE tenant_id = @TenantId ORDER BY id LIMIT @sample) s
                """,
                new { catalog.TenantId, items = catalog.ScarceItems.ToArray(), sample = ThroughputOrdersPaid })).AsList();
        }

        var failures = new ConcurrentQueue<int>();
        await Parallel.ForEachAsync(orders, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (order, cancellationToken) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/orders/{order}/payments");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
            using var response = await http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                failures.Enqueue((int)response.StatusCode);
            }
        });
        result.Paid = orders.Count - failures.Count;
        result.PaymentFailures.AddRange(failures);
    }

    private static async Task CheckAsync(Database database, CheckoutCatalog catalog, CheckoutBenchResult result)
    {
        await using var connection = await database.OpenAsync();
        var stock = (await connection.QueryAsync<(long ListingId, long Available, long Reserved)>(
            $"SELECT listing_id, available, reserved FROM stock WHERE tenant_id = @TenantId AND {database.In("listing_id", "@items")}",
            new { catalog.TenantId, items = catalog.ScarceItems.ToArray() })).ToDictionary(s => s.ListingId);
        result.StockMismatches = catalog.ScarceItems.Count(item =>
            !stock.TryGetValue(item, out var row) || row.Available != catalog.Units - result.Sold[item] || row.Reserved != 0);
        result.LedgerImbalance = await Ledger.ImbalanceAsync(connection, catalog.TenantId);
        result.LedgerEntries = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM ledger_entries WHERE tenant_id = @TenantId", new { catalog.TenantId });
    }

    private static async Task<string> CreatePostgresDatabaseAsync(string server)
    {
        var name = $"mercato_checkout_bench_{Guid.NewGuid():N}"[..40];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task DropPostgresDatabaseAsync(string server, string scratch)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(scratch).Database} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    public static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }
}

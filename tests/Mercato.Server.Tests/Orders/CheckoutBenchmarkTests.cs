using System.Text.Json;
using Mercato.Bench.Checkout;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Orders;

/// <summary>
/// Keeps <c>mercato bench checkout</c> working at a small size on both engines, and holds its invariants: the
/// contention phase sells exactly the stock, nothing is oversold, and the ledger sums to zero. No timing is asserted.
/// </summary>
[Collection(nameof(SerialConsole))]
public sealed class CheckoutBenchmarkTests
{
    private static CheckoutBenchOptions Options(string? database) =>
        new(Buyers: 24, Items: 3, Units: 4, Listings: 300, Checkouts: 120, Lines: 2, Seed: 7, Database: database, JsonPath: null);

    [Fact]
    public async Task On_sqlite_exactly_the_stock_is_sold_and_the_ledger_balances()
    {
        var result = await CheckoutBenchmark.RunAsync(Options(null), TextWriter.Null);

        AssertInvariants(result, "sqlite");
    }

    [SkippableFact]
    public async Task On_postgres_exactly_the_stock_is_sold_the_ledger_balances_and_the_scratch_database_is_dropped()
    {
        Skip.If(TestDatabases.PostgresSkipReason is not null, TestDatabases.PostgresSkipReason);
        var server = TestDatabases.PostgresConnectionString!;

        var result = await CheckoutBenchmark.RunAsync(Options(server), TextWriter.Null);

        AssertInvariants(result, "postgres");
        await using var connection = new Npgsql.NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname LIKE 'mercato_checkout_bench_%'", connection);
        ((long)(await command.ExecuteScalarAsync())!).ShouldBe(0);
    }

    private static void AssertInvariants(CheckoutBenchResult result, string backend)
    {
        result.Backend.ShouldBe(backend);
        result.Throughput.Checkouts.ShouldBe(120);
        CheckoutReport.Errors(result.Throughput).ShouldBeEmpty();

        // 24 buyers, 12 units: twelve buy, the rest are refused by every item, nothing more is sold.
        result.Contention.Checkouts.ShouldBe(12);
        result.Sold.Values.ShouldAllBe(units => units == 4);
        result.OversoldUnits.ShouldBe(0);
        result.StockMismatches.ShouldBe(0);
        result.PaymentFailures.ShouldBeEmpty();
        result.LedgerEntries.ShouldBeGreaterThan(0);
        result.LedgerImbalance.ShouldBe(0);
    }

    [Fact]
    public async Task The_command_writes_the_json_report_with_the_documented_keys()
    {
        var json = Path.Combine(TestDatabases.NewSqliteDirectory(), "checkout.json");

        var (code, output, _) = await ConsoleCapture.RunAsync(["bench", "checkout", "--buyers", "8", "--items", "2", "--listings", "50", "--checkouts", "30", "--json", json]);

        code.ShouldBe(0);
        output.ShouldContain("orders/s");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(json));
        var root = report.RootElement;
        root.GetProperty("backend").GetString().ShouldBe("sqlite");
        root.GetProperty("orders_per_s").GetDouble().ShouldBeGreaterThan(0);
        root.GetProperty("p50_ms").GetDouble().ShouldBeGreaterThan(0);
        root.GetProperty("p99_ms").GetDouble().ShouldBeGreaterThanOrEqualTo(root.GetProperty("p50_ms").GetDouble());
        root.GetProperty("oversold_units").GetInt64().ShouldBe(0);
        root.GetProperty("ledger_imbalance").GetInt64().ShouldBe(0);
        root.GetProperty("errors").EnumerateObject().ShouldBeEmpty();
        root.GetProperty("contention").GetProperty("sold_units").GetInt64().ShouldBe(6);
    }

    [Fact]
    public async Task Without_buyers_it_prints_one_line_and_exits_2()
    {
        var (code, _, error) = await ConsoleCapture.RunAsync(["bench", "checkout", "--items", "3"]);

        code.ShouldBe(2);
        error.Trim().ShouldContain("Option '--buyers' is required");
    }
}

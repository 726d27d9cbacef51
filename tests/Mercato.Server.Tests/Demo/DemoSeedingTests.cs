using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Mercato.Server.Demo;
using Mercato.Server.Infrastructure;
using Mercato.Server.Orders;
using Mercato.Server.Payments;
using Mercato.Server.ReferenceData;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mercato.Server.Tests.Demo;

public sealed class DemoSeedingTests
{
    [Fact]
    public async Task A_new_database_gets_the_demo_marketplace_once()
    {
        await using var factory = DemoServer(TestReferenceData.Folder, new LogCapture());
        using var client = factory.CreateClient();

        var counts = await CountByCategoryAsync(client);
        counts.ShouldBe(new Dictionary<string, int> { ["vehicles"] = 300, ["wholesale"] = 40, ["ai-agents"] = 10 });

        // A second start on the same database must not seed again.
        await factory.Services.GetRequiredService<DemoSeeder>().EnsureDefaultTenantAsync();
        (await CountByCategoryAsync(client)).ShouldBe(counts);
    }

    [Fact]
    public async Task Without_a_reference_folder_the_demo_is_seeded_from_the_built_in_tables()
    {
        var log = new LogCapture();
        await using var factory = DemoServer(null, log); // even where MERCATO_REFERENCE_DATA is set: the setting wins
        using var client = factory.CreateClient();

        (await CountByCategoryAsync(client)).ShouldBe(new Dictionary<string, int> { ["vehicles"] = 300, ["wholesale"] = 40, ["ai-agents"] = 10 });
        factory.Services.GetRequiredService<ReferenceDataSet>().ShouldBeSameAs(ReferenceDataSet.BuiltIn);
        log.Lines.ShouldContain(l => l.Message.Contains("Reference data: built-in fallback"));

        var cities = BuiltInCities.All.Where(c => c.Country == "US").Select(c => (c.Latitude, c.Longitude)).ToHashSet();
        var models = ReferenceDataSet.FallbackVehicles.Models.Select(m => (m.Make, m.Name)).ToHashSet();
        var vehicles = await ItemsAsync(client, "vehicles");
        foreach (var vehicle in vehicles)
        {
            var attributes = vehicle["attributes"]!;
            models.ShouldContain(((string)attributes["make"]!, (string)attributes["model"]!));
            cities.ShouldContain(((double)attributes["location"]!["lat"]!, (double)attributes["location"]!["lng"]!));
        }

        vehicles.Select(v => (double)v["attributes"]!["location"]!["lat"]!).Distinct().Count().ShouldBeGreaterThan(1);
        (await ItemsAsync(client, "wholesale")).ShouldAllBe(p => (string)p["price"]!["currency"]! == "GBP");
    }

    [SkippableFact]
    public async Task With_the_reference_folder_the_demo_is_seeded_from_its_files()
    {
        var folder = TestReferenceData.Folder ?? "";
        Skip.IfNot(Directory.Exists(folder), "no reference folder (../shared/data or MERCATO_REFERENCE_DATA names none that exists)");
        var log = new LogCapture();
        await using var factory = DemoServer(folder, log);
        using var client = factory.CreateClient();

        (await CountByCategoryAsync(client)).ShouldBe(new Dictionary<string, int> { ["vehicles"] = 300, ["wholesale"] = 40, ["ai-agents"] = 10 });
        var reference = factory.Services.GetRequiredService<ReferenceDataSet>();
        (reference.VehiclesAreBuiltIn, reference.PostalCodesAreBuiltIn, reference.ProductsAreBuiltIn).ShouldBe((false, false, false));
        foreach (var file in new[] { CarModels.FileName, PostalCodes.FileName, ProductSamples.FileName })
        {
            log.Lines.ShouldContain(l => l.Level == LogLevel.Information && l.Message.Contains(Path.Combine(folder, file)));
        }

        var sampleIds = reference.Products.Rows.Select(r => r.Id).ToHashSet();
        (await ItemsAsync(client, "wholesale")).ShouldAllBe(p => sampleIds.Contains((string)p["externalId"]!));
    }

    [Fact]
    public async Task The_demo_shopper_has_orders_in_every_state_of_every_process_and_the_ledger_balances()
    {
        await using var factory = DemoServer(null, new LogCapture());
        using var client = factory.CreateClient();
        var database = factory.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        var tenant = await connection.ExecuteScalarAsync<long>("SELECT id FROM tenants WHERE slug = 'demo'");
        var states = (await connection.QueryAsync<(string Process, string State)>(
            "SELECT DISTINCT process, state FROM orders WHERE tenant_id = @tenant AND buyer_email = @email", new { tenant, email = DemoSeeder.DemoShopperEmail })).ToHashSet();
        foreach (var process in OrderProcesses.All)
        {
            foreach (var state in process.States)
            {
                states.ShouldContain((process.Name, state), $"no demo order of the {process.Name} process is {state}");
            }
        }

        (await Ledger.ImbalanceAsync(connection, tenant)).ShouldBe(0);
        (await connection.QueryAsync<long>(
            "SELECT order_id FROM ledger_entries WHERE tenant_id = @tenant GROUP BY order_id, currency HAVING SUM(amount) <> 0", new { tenant })).ShouldBeEmpty();
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM ledger_entries WHERE tenant_id = @tenant", new { tenant })).ShouldBeGreaterThan(20);
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM stock WHERE tenant_id = @tenant AND available > 0", new { tenant })).ShouldBeGreaterThan(30);

        // The shopper signs in with the documented password and sees the orders.
        var login = await client.GetStringAsync("account/login");
        var signedIn = await client.PostAsync("account/login", Accounts.AccountsTests.Form(login, new() { ["email"] = DemoSeeder.DemoShopperEmail, ["password"] = DemoSeeder.DemoPassword }));
        signedIn.EnsureSuccessStatusCode();
        var orders = await client.GetStringAsync("orders");
        orders.ShouldContain("data-state=\"shipped\"");
        orders.ShouldContain("data-state=\"reserved\"");
    }

    private static WebApplicationFactory<Program> DemoServer(string? referenceFolder, LogCapture log) =>
        new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Mercato:Database:DataDir", TestDatabases.NewSqliteDirectory());
            builder.UseSetting("Mercato:Demo:Vehicles", "300");
            builder.UseSetting("Mercato:Demo:Products", "40");
            builder.UseSetting("Mercato:Demo:Agents", "10");
            builder.UseSetting(ReferenceDataOptions.Key, referenceFolder ?? "");
            builder.ConfigureLogging(logging => logging.AddProvider(log));
        });

    private static async Task<List<JsonNode>> ItemsAsync(HttpClient client, string category)
    {
        var items = new List<JsonNode>();
        var after = "0";
        while (after is not null)
        {
            var page = (await client.GetFromJsonAsync<JsonObject>($"api/listings?limit=500&after={after}"))!;
            items.AddRange(page["items"]!.AsArray().Where(i => (string)i!["category"]! == category).Select(i => i!));
            after = (string?)page["next"];
        }

        return items;
    }

    private static async Task<Dictionary<string, int>> CountByCategoryAsync(HttpClient client)
    {
        var counts = new Dictionary<string, int>();
        var after = "0";
        while (after is not null)
        {
            var page = (await client.GetFromJsonAsync<JsonObject>($"api/listings?limit=500&after={after}"))!;
            foreach (var item in page["items"]!.AsArray())
            {
                var category = (string)item!["category"]!;
                counts[category] = counts.GetValueOrDefault(category) + 1;
            }

            after = (string?)page["next"];
        }

        return counts;
    }
}

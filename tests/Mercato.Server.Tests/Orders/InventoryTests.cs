using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Orders;

/// <summary>Stock under concurrent checkouts, and Idempotency-Key on the POSTs that create orders, payments and refunds.</summary>
public abstract class InventoryTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task Many_buyers_racing_for_little_stock_buy_exactly_the_stock()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        const int Buyers = 40;
        const int Stock = 7;
        await shop.SetStockAsync(shop.Bottle, Stock);
        var buyers = Enumerable.Range(0, Buyers).Select(_ => shop.Guest()).ToList();
        foreach (var buyer in buyers)
        {
            await Shop.AddAsync(buyer, shop.Bottle);
        }

        var responses = await Task.WhenAll(buyers.Select((b, i) => Shop.CheckoutAsync(b, $"b{i}@example.com")));
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(Stock);
        responses.Count(r => r.StatusCode == HttpStatusCode.Conflict).ShouldBe(Buyers - Stock);
        var stock = (await shop.Admin.GetFromJsonAsync<JsonObject>($"api/listings/{shop.Bottle}/stock"))!;
        ((long)stock["reserved"]!).ShouldBe(Stock);
        ((string)stock["status"]!).ShouldBe("reserved");
        (await shop.Admin.PutAsync($"api/listings/{shop.Bottle}/stock", Shop.Json(new { available = Stock - 1 }))).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        var orders = (await shop.Admin.GetFromJsonAsync<JsonObject>("api/orders?view=seller&sellerId=" + shop.Maker))!["orders"]!.AsArray();
        orders.Count.ShouldBe(Stock);
        await Task.WhenAll(orders.Select(o => shop.PayAsync((long)o!["id"]!)));
        stock = (await shop.Admin.GetFromJsonAsync<JsonObject>($"api/listings/{shop.Bottle}/stock"))!;
        ((long)stock["available"]!, (long)stock["reserved"]!, (string)stock["status"]!).ShouldBe((0L, 0L, "sold_out"));
        await shop.AssertLedgerBalancedAsync();
        buyers.ForEach(b => b.Dispose());
    }

    [SkippableFact]
    public async Task The_same_idempotency_key_replays_the_first_checkout_and_refuses_another_body()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        using var buyer = shop.Guest();
        await Shop.AddAsync(buyer, shop.Bottle, 2);

        var first = await buyer.SendAsync(Keyed("api/checkout", "checkout-1", new { email = "b@example.com", country = "US" }));
        var created = await first.JsonAsync(HttpStatusCode.Created);
        var again = await buyer.SendAsync(Keyed("api/checkout", "checkout-1", new { email = "b@example.com", country = "US" }));
        var replayed = await again.JsonAsync(HttpStatusCode.Created);
        again.Headers.GetValues("Idempotent-Replayed").ShouldHaveSingleItem().ShouldBe("true");
        again.Headers.Location.ShouldBe(first.Headers.Location);
        ((long)replayed["purchaseId"]!).ShouldBe((long)created["purchaseId"]!);
        (await buyer.GetFromJsonAsync<JsonObject>("api/orders"))!["orders"]!.AsArray().Count.ShouldBe(1);

        var other = await (await buyer.SendAsync(Keyed("api/checkout", "checkout-1", new { email = "b@example.com", country = "CA" }))).JsonAsync(HttpStatusCode.BadRequest);
        other["errors"]!.AsObject().ContainsKey("Idempotency-Key").ShouldBeTrue();

        // Another caller's key of the same name is its own.
        using var stranger = shop.Guest();
        (await stranger.SendAsync(Keyed("api/checkout", "checkout-1", new { email = "b@example.com", country = "US" }))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var order = (long)created["orders"]![0]!["id"]!;
        await shop.PayAsync(order);
        for (var i = 0; i < 2; i++)
        {
            var refund = await (await shop.Admin.SendAsync(Keyed($"api/orders/{order}/refunds", "refund-1", new { amount = 100 }))).JsonAsync(HttpStatusCode.OK);
            ((long)refund["refunded"]!).ShouldBe(100);
        }

        (await shop.Admin.GetFromJsonAsync<JsonObject>($"api/orders/{order}"))!["refunded"]!.GetValue<long>().ShouldBe(100);
        await shop.AssertLedgerBalancedAsync();
    }

    [SkippableFact]
    public async Task A_key_whose_first_request_still_runs_is_a_409()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        using var buyer = shop.Guest();
        var order = (long)(await Shop.BuyAsync(buyer, shop.Bottle))["orders"]![0]!["id"]!;
        var database = fixture.Services.GetRequiredService<Database>();
        await using (var connection = await database.OpenAsync())
        {
            var farAway = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds();
            await connection.ExecuteAsync(
                "INSERT INTO idempotency_keys (tenant_id, scope, idem_key, request_hash, state, locked_until, expires_at) VALUES (@Id, 'platform_admin', 'busy', 'x', 'running', @farAway, @farAway)",
                new { shop.T.Tenant.Id, farAway });
        }

        var busy = await shop.Admin.SendAsync(Keyed($"api/orders/{order}/payments", "busy", null));
        busy.StatusCode.ShouldBe(HttpStatusCode.BadRequest); // another body than the running request's
        await using (var connection = await database.OpenAsync())
        {
            await connection.ExecuteAsync("DELETE FROM idempotency_keys WHERE tenant_id = @Id", new { shop.T.Tenant.Id });
        }

        var running = Keyed($"api/orders/{order}/payments", "busy-2", null);
        var hash = await RequestHashAsync($"/api/orders/{order}/payments");
        await using (var connection = await database.OpenAsync())
        {
            var farAway = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeMilliseconds();
            await connection.ExecuteAsync(
                "INSERT INTO idempotency_keys (tenant_id, scope, idem_key, request_hash, state, locked_until, expires_at) VALUES (@Id, 'platform_admin', 'busy-2', @hash, 'running', @farAway, @farAway)",
                new { shop.T.Tenant.Id, hash, farAway });
        }

        (await (await shop.Admin.SendAsync(running)).JsonAsync(HttpStatusCode.Conflict))["title"]!.ToString().ShouldBe("Request in progress");
    }

    private static Task<string> RequestHashAsync(string path) =>
        Task.FromResult(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"POST {path}\n"))));

    private static HttpRequestMessage Keyed(string url, string key, object? body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = body is null ? null : Shop.Json(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}

public sealed class InventorySqliteTests(SqliteFixture fixture) : InventoryTests(fixture), IClassFixture<SqliteFixture>;

public sealed class InventoryPostgresTests(PostgresFixture fixture) : InventoryTests(fixture), IClassFixture<PostgresFixture>;

/// <summary>A server whose checkout hold and vehicle reservations last seconds, and whose job workers poll often.</summary>
public abstract class ShortHoldFixture(TestEngine engine) : ServerFixture(engine)
{
    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Mercato:Orders:CheckoutHold", "00:00:02");
        builder.UseSetting("Mercato:Orders:VehicleReservationHours", "0.0008");
        builder.UseSetting("Mercato:Jobs:PollInterval", "00:00:00.100");
    }
}

public sealed class ShortHoldSqliteFixture() : ShortHoldFixture(TestEngine.Sqlite);

public sealed class ShortHoldPostgresFixture() : ShortHoldFixture(TestEngine.Postgres);

/// <summary>Timed transitions: jobs release unpaid stock and end vehicle reservations.</summary>
public abstract class OrderTimerTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task Unpaid_orders_release_their_stock_and_vehicle_reservations_expire()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        await shop.SetStockAsync(shop.Bottle, 1);
        using var buyer = shop.Guest();
        var purchase = await Shop.BuyAsync(buyer, shop.Bottle, shop.Car);
        var car = (long)Shop.OrderOf(purchase, shop.Dealer)["id"]!;
        ((string)(await shop.PayAsync(car))["state"]!).ShouldBe("reserved");
        var bottle = (long)Shop.OrderOf(purchase, shop.Maker)["id"]!;

        var expired = await WaitForStateAsync(shop.Admin, bottle, "cancelled");
        expired["history"]!.AsArray()[^1]!["actor"]!.ToString().ShouldBe("timer");
        ((long)(await shop.Admin.GetFromJsonAsync<JsonObject>($"api/listings/{shop.Bottle}/stock"))!["reserved"]!).ShouldBe(0);
        await WaitForStateAsync(shop.Admin, car, "released");
        ((string)(await shop.Admin.GetFromJsonAsync<JsonObject>($"api/listings/{shop.Car}/stock"))!["status"]!).ShouldBe("available");
        (await shop.PayAsync(car).ContinueWith(t => t.IsFaulted)).ShouldBeTrue();
        await shop.AssertLedgerBalancedAsync();
    }

    private static async Task<JsonObject> WaitForStateAsync(HttpClient http, long order, string state)
    {
        var until = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var current = (await http.GetFromJsonAsync<JsonObject>($"api/orders/{order}"))!;
            if ((string)current["state"]! == state || DateTime.UtcNow > until)
            {
                ((string)current["state"]!).ShouldBe(state);
                return current;
            }

            await Task.Delay(200);
        }
    }
}

public sealed class OrderTimerSqliteTests(ShortHoldSqliteFixture fixture) : OrderTimerTests(fixture), IClassFixture<ShortHoldSqliteFixture>;

public sealed class OrderTimerPostgresTests(ShortHoldPostgresFixture fixture) : OrderTimerTests(fixture), IClassFixture<ShortHoldPostgresFixture>;

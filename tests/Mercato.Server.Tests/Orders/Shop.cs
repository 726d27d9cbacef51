using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Payments;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Orders;

/// <summary>A new marketplace with three sellers (a manufacturer, an agent vendor, a car dealer) and one listing each, in USD.</summary>
internal sealed class Shop(ServerFixture fixture, TenantClient t) : IDisposable
{
    public const long BottlePrice = 899;
    public const long AgentPrice = 4900;
    public const long CarPrice = 1_899_000;

    public TenantClient T => t;

    public HttpClient Admin => t.Http;

    public long Maker { get; private set; }

    public long Vendor { get; private set; }

    public long Dealer { get; private set; }

    public long Bottle { get; private set; }

    public long Agent { get; private set; }

    public long Car { get; private set; }

    public static async Task<Shop> OpenAsync(ServerFixture fixture)
    {
        var shop = new Shop(fixture, await fixture.CreateTenantAsync());
        var http = shop.Admin;
        shop.Maker = await http.CreateSellerAsync("M1", kind: "manufacturer");
        shop.Vendor = await http.CreateSellerAsync("A1", kind: "agent_vendor");
        shop.Dealer = await http.CreateSellerAsync("D1");
        shop.Bottle = await shop.CreateProductAsync("WB-750", BottlePrice);
        shop.Agent = (long)(await (await http.PostJsonAsync("api/listings", new
        {
            sellerId = shop.Vendor,
            category = "ai-agents",
            title = "Invoice extractor",
            price = new { amount = AgentPrice, currency = "USD" },
            attributes = new { integration_type = "api", licence_type = "commercial", delivery = "licence_key", pricing_model = "one_off" },
        })).JsonAsync(HttpStatusCode.Created))["id"]!;
        shop.Car = (long)(await http.CreateVehicleAsync(shop.Dealer, "V1"))["id"]!;
        return shop;
    }

    public async Task<long> CreateProductAsync(string sku, long price, string currency = "USD")
    {
        var created = await (await Admin.PostJsonAsync("api/listings", new
        {
            sellerId = Maker,
            category = "wholesale",
            title = $"Water bottle {sku}",
            price = new { amount = price, currency },
            attributes = new { sku, moq = 1, case_pack = 1 },
        })).JsonAsync(HttpStatusCode.Created);
        return (long)created["id"]!;
    }

    /// <summary>A shopper without an account: the cart cookie identifies it.</summary>
    public HttpClient Guest() => fixture.AnonymousClient(t);

    public async Task SetStockAsync(long listing, long available) =>
        await (await Admin.PutAsync($"api/listings/{listing}/stock", Json(new { available }))).JsonAsync(HttpStatusCode.OK);

    public static StringContent Json(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    public static async Task<JsonObject> AddAsync(HttpClient buyer, long listingId, long quantity = 1) =>
        await (await buyer.PostJsonAsync("api/cart/lines", new { listingId, quantity })).JsonAsync(HttpStatusCode.OK);

    public static Task<HttpResponseMessage> CheckoutAsync(HttpClient buyer, string email = "buyer@example.com", string country = "US", string? region = null) =>
        buyer.PostJsonAsync("api/checkout", new { email, country, region });

    /// <summary>Adds the listings and checks out; answers the purchase.</summary>
    public static async Task<JsonObject> BuyAsync(HttpClient buyer, params long[] listings)
    {
        foreach (var listing in listings)
        {
            await AddAsync(buyer, listing);
        }

        return await (await CheckoutAsync(buyer)).JsonAsync(HttpStatusCode.Created);
    }

    public static JsonObject OrderOf(JsonObject purchase, long sellerId) =>
        purchase["orders"]!.AsArray().Select(o => o!.AsObject()).Single(o => (long)o["sellerId"]! == sellerId);

    public Task<HttpResponseMessage> FireAsync(long order, string transition, string? tracking = null, HttpClient? by = null) =>
        (by ?? Admin).PostJsonAsync($"api/orders/{order}/transitions", new { transition, tracking });

    public async Task<JsonObject> PayAsync(long order) =>
        await (await Admin.PostAsync($"api/orders/{order}/payments", null)).JsonAsync(HttpStatusCode.OK);

    /// <summary>Every journal of the tenant balances: the sum of all entries is 0 in every currency, and so is each order's.</summary>
    public async Task AssertLedgerBalancedAsync()
    {
        var database = fixture.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        (await Ledger.ImbalanceAsync(connection, t.Tenant.Id)).ShouldBe(0);
        var unbalanced = await connection.QueryAsync<long>(
            "SELECT order_id FROM ledger_entries WHERE tenant_id = @Id GROUP BY order_id, currency HAVING SUM(amount) <> 0", new { t.Tenant.Id });
        unbalanced.ShouldBeEmpty();
    }

    public async Task<IReadOnlyList<string>> MailSubjectsAsync(string recipient)
    {
        var database = fixture.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        return (await connection.QueryAsync<string>(
            "SELECT subject FROM outbox_emails WHERE tenant_id = @Id AND recipient = @recipient ORDER BY id", new { t.Tenant.Id, recipient })).AsList();
    }

    public void Dispose() => t.Dispose();
}

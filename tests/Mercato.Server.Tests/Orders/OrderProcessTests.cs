using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mercato.Server.Accounts;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Orders;

/// <summary>The three order processes, paid through the manual provider, with their ledgers; on both engines.</summary>
public abstract class OrderProcessTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task A_physical_order_is_paid_accepted_shipped_delivered_and_completed_and_each_step_is_kept()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        await shop.SetStockAsync(shop.Bottle, 10);
        using var buyer = shop.Guest();
        var order = (long)(await Shop.BuyAsync(buyer, shop.Bottle))["orders"]![0]!["id"]!;
        (await shop.Admin.GetFromJsonAsync<JsonObject>($"api/listings/{shop.Bottle}/stock"))!["reserved"]!.GetValue<long>().ShouldBe(1);

        var early = await (await shop.FireAsync(order, "ship", "1Z999")).JsonAsync(HttpStatusCode.Conflict);
        ((string)early["state"]!).ShouldBe("pending_payment");
        ((string)early["transition"]!).ShouldBe("ship");
        ((string)early["detail"]!).ShouldContain("'pending_payment'");
        (await buyer.PostAsync($"api/orders/{order}/payments", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var paid = await shop.PayAsync(order);
        ((string)paid["state"]!).ShouldBe("paid");
        var stock = (await shop.Admin.GetFromJsonAsync<JsonObject>($"api/listings/{shop.Bottle}/stock"))!;
        ((long)stock["available"]!, (long)stock["reserved"]!).ShouldBe((9L, 0L));

        (await (await shop.FireAsync(order, "accept", by: buyer)).JsonAsync(HttpStatusCode.Forbidden))["title"]!.ToString().ShouldNotBeEmpty();
        await (await shop.FireAsync(order, "accept")).JsonAsync(HttpStatusCode.OK);
        (await (await shop.FireAsync(order, "ship")).JsonAsync(HttpStatusCode.BadRequest))["errors"]!["tracking"].ShouldNotBeNull();
        ((string)(await (await shop.FireAsync(order, "ship", "1Z999")).JsonAsync(HttpStatusCode.OK))["tracking"]!).ShouldBe("1Z999");
        await (await shop.FireAsync(order, "deliver", by: buyer)).JsonAsync(HttpStatusCode.OK);
        var done = await (await shop.FireAsync(order, "complete", by: buyer)).JsonAsync(HttpStatusCode.OK);

        ((string)done["state"]!).ShouldBe("completed");
        var history = done["history"]!.AsArray().Select(h => ((string)h!["transition"]!, (string)h["actor"]!)).ToList();
        history.ShouldBe([("place", "buyer"), ("pay", "operator"), ("accept", "operator"), ("ship", "operator"), ("deliver", "buyer"), ("complete", "buyer")]);
        var subjects = await shop.MailSubjectsAsync("buyer@example.com");
        subjects.Count.ShouldBe(3);
        subjects[1].ShouldContain("payment received");
        subjects[2].ShouldContain("shipped");

        var ledger = await shop.Admin.GetFromJsonAsync<JsonObject>($"api/orders/{order}/ledger");
        ((long)ledger!["sum"]!).ShouldBe(0);
        var balance = await shop.Admin.GetFromJsonAsync<JsonObject>($"api/sellers/{shop.Maker}/balance");
        ((long)balance!["payable"]![0]!["amount"]!).ShouldBe(Shop.BottlePrice - (long)paid["tax"]! - (long)paid["platformFee"]!);
        await shop.AssertLedgerBalancedAsync();
    }

    [SkippableFact]
    public async Task A_digital_order_is_refunded_in_parts_and_never_more_than_was_paid()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        await shop.Admin.PutAsync("api/commerce/settings", Shop.Json(new
        {
            taxRates = new[] { new { country = "US", rateBasisPoints = 800 } },
            commission = new { percentBasisPoints = 1500, fixedAmount = 25 },
        }));
        using var buyer = shop.Guest();
        var order = (long)(await Shop.BuyAsync(buyer, shop.Agent))["orders"]![0]!["id"]!;
        (await shop.Admin.PostJsonAsync($"api/orders/{order}/refunds", new { amount = 100 })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var paid = await shop.PayAsync(order);
        var total = (long)paid["total"]!;

        (await (await shop.Admin.PostJsonAsync($"api/orders/{order}/refunds", new { amount = total + 1 })).JsonAsync(HttpStatusCode.BadRequest))["errors"]!["amount"].ShouldNotBeNull();
        var part = await (await shop.Admin.PostJsonAsync($"api/orders/{order}/refunds", new { amount = 1001 })).JsonAsync(HttpStatusCode.OK);
        ((string)part["state"]!).ShouldBe("partially_refunded");
        ((long)part["refunded"]!).ShouldBe(1001);
        (await buyer.PostJsonAsync($"api/orders/{order}/refunds", new { amount = 1 })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var rest = await (await shop.Admin.PostJsonAsync($"api/orders/{order}/refunds", new { })).JsonAsync(HttpStatusCode.OK);
        ((string)rest["state"]!).ShouldBe("refunded");
        ((long)rest["refunded"]!).ShouldBe(total);
        (await shop.Admin.PostJsonAsync($"api/orders/{order}/refunds", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        // Refunded in full, in two parts: tax, fee and the seller's share all come back exactly.
        var balance = await shop.Admin.GetFromJsonAsync<JsonObject>($"api/sellers/{shop.Vendor}/balance");
        ((long)balance!["payable"]![0]!["amount"]!).ShouldBe(0);
        var report = await shop.Admin.GetFromJsonAsync<JsonObject>("api/ledger/reconciliation");
        ((long)report!["imbalance"]!).ShouldBe(0);
        report["accounts"]!.AsArray().Where(a => (string)a!["account"]! != "cash:manual").ShouldAllBe(a => (long)a!["net"]! == 0);
        var csv = await shop.Admin.GetStringAsync("api/ledger/reconciliation?format=csv");
        csv.ShouldStartWith("date,currency,account,debits,credits,net\n");
        csv.ShouldContain(",USD,platform_fees,");
        (await shop.MailSubjectsAsync("buyer@example.com")).Count(s => s.Contains("refund", StringComparison.Ordinal)).ShouldBe(2);
        await shop.AssertLedgerBalancedAsync();
    }

    [SkippableFact]
    public async Task A_vehicle_deposit_reserves_the_car_until_the_sale_completes_or_the_reservation_is_refunded()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        using var first = shop.Guest();
        var order = (long)(await Shop.BuyAsync(first, shop.Car))["orders"]![0]!["id"]!;
        using var second = shop.Guest();
        await Shop.AddAsync(second, shop.Car);
        (await Shop.CheckoutAsync(second, "late@example.com")).StatusCode.ShouldBe(HttpStatusCode.Conflict);

        ((string)(await shop.PayAsync(order))["state"]!).ShouldBe("reserved");
        ((string)(await shop.Admin.GetFromJsonAsync<JsonObject>($"api/listings/{shop.Car}/stock"))!["status"]!).ShouldBe("reserved");
        var refunded = await (await shop.Admin.PostJsonAsync($"api/orders/{order}/refunds", new { })).JsonAsync(HttpStatusCode.OK);
        ((string)refunded["state"]!).ShouldBe("refunded");
        ((string)(await shop.Admin.GetFromJsonAsync<JsonObject>($"api/listings/{shop.Car}/stock"))!["status"]!).ShouldBe("available");

        var sale = (long)(await (await Shop.CheckoutAsync(second, "late@example.com")).JsonAsync(HttpStatusCode.Created))["orders"]![0]!["id"]!;
        await shop.PayAsync(sale);
        (await shop.FireAsync(sale, "complete", by: second)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        ((string)(await (await shop.FireAsync(sale, "complete")).JsonAsync(HttpStatusCode.OK))["state"]!).ShouldBe("completed");
        ((string)(await shop.Admin.GetFromJsonAsync<JsonObject>($"api/listings/{shop.Car}/stock"))!["status"]!).ShouldBe("sold_out");
        (await shop.FireAsync(sale, "release")).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await shop.AssertLedgerBalancedAsync();
    }

    [SkippableFact]
    public async Task Another_sellers_or_tenants_orders_are_not_found()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        using var buyer = shop.Guest();
        var order = (long)(await Shop.BuyAsync(buyer, shop.Bottle))["orders"]![0]!["id"]!;

        var keys = fixture.Services.GetRequiredService<ApiKeyStore>();
        var (_, vendorKey) = await keys.CreateAsync(shop.T.Tenant.Id, shop.Vendor, "orders", default);
        using var vendor = shop.Guest();
        vendor.DefaultRequestHeaders.Authorization = new("Bearer", vendorKey);
        (await vendor.GetAsync($"api/orders/{order}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await vendor.PostAsync($"api/orders/{order}/payments", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await vendor.GetAsync($"api/orders/{order}/ledger")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await vendor.GetFromJsonAsync<JsonObject>("api/orders"))!["orders"]!.AsArray().ShouldBeEmpty();

        var (_, makerKey) = await keys.CreateAsync(shop.T.Tenant.Id, shop.Maker, "orders", default);
        using var maker = shop.Guest();
        maker.DefaultRequestHeaders.Authorization = new("Bearer", makerKey);
        (await maker.GetFromJsonAsync<JsonObject>("api/orders"))!["orders"]!.AsArray().Count.ShouldBe(1);
        ((string)(await (await maker.PostAsync($"api/orders/{order}/payments", null)).JsonAsync(HttpStatusCode.OK))["state"]!).ShouldBe("paid");

        using var other = await Shop.OpenAsync(fixture);
        (await other.Admin.GetAsync($"api/orders/{order}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Admin.PostAsync($"api/orders/{order}/payments", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await shop.Guest().GetAsync($"api/orders/{order}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await buyer.GetAsync($"api/orders/{order}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await shop.AssertLedgerBalancedAsync();
    }
}

public sealed class OrderProcessSqliteTests(SqliteFixture fixture) : OrderProcessTests(fixture), IClassFixture<SqliteFixture>;

public sealed class OrderProcessPostgresTests(PostgresFixture fixture) : OrderProcessTests(fixture), IClassFixture<PostgresFixture>;

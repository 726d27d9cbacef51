using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mercato.Server.Tests.Accounts;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Orders;

/// <summary>Carts and checkout through the API, on both engines.</summary>
public abstract class CheckoutTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task Bad_quantities_foreign_listings_and_mixed_currencies_are_refused_with_the_field_named()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        using var buyer = shop.Guest();
        foreach (var quantity in new long[] { 0, -3, 1_000 })
        {
            var refused = await (await buyer.PostJsonAsync("api/cart/lines", new { listingId = shop.Bottle, quantity })).JsonAsync(HttpStatusCode.BadRequest);
            refused["errors"]!.AsObject().ContainsKey("quantity").ShouldBeTrue();
        }

        (await (await buyer.PostJsonAsync("api/cart/lines", new { listingId = shop.Car, quantity = 2 })).JsonAsync(HttpStatusCode.BadRequest))["errors"]!["quantity"].ShouldNotBeNull();

        using var other = await Shop.OpenAsync(fixture);
        var foreign = await buyer.PostJsonAsync("api/cart/lines", new { listingId = other.Bottle, quantity = 1 });
        foreign.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        await Shop.AddAsync(buyer, shop.Bottle, 2);
        var euros = await shop.CreateProductAsync("EUR-1", 500, "EUR");
        var mixed = await (await buyer.PostJsonAsync("api/cart/lines", new { listingId = euros, quantity = 1 })).JsonAsync(HttpStatusCode.BadRequest);
        ((string)mixed["errors"]!["listingId"]![0]!).ShouldContain("one currency");

        var cart = await buyer.GetFromJsonAsync<JsonObject>("api/cart");
        cart!["lines"]!.AsArray().Count.ShouldBe(1);
        ((long)cart["subtotal"]!).ShouldBe(2 * Shop.BottlePrice);
        (await (await Shop.CheckoutAsync(buyer, email: "")).JsonAsync(HttpStatusCode.BadRequest))["errors"]!["email"].ShouldNotBeNull();
        (await (await Shop.CheckoutAsync(shop.Guest())).JsonAsync(HttpStatusCode.BadRequest))["errors"]!["cart"].ShouldNotBeNull();
    }

    [SkippableFact]
    public async Task One_checkout_makes_one_purchase_and_one_order_per_seller_with_tax_shipping_and_fees_snapshotted()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        await (await shop.Admin.PutAsync("api/commerce/settings", Shop.Json(new
        {
            taxRates = new object[] { new { country = "US", rateBasisPoints = 500 }, new { country = "US", region = "CA", rateBasisPoints = 725 } },
            commission = new { percentBasisPoints = 1000, fixedAmount = 30 },
            categoryCommissions = new[] { new { category = "ai-agents", percentBasisPoints = 2000, fixedAmount = 0 } },
            shipping = new[] { new { sellerId = shop.Maker, amount = 1500, currency = "USD" } },
        }))).JsonAsync(HttpStatusCode.OK);

        using var buyer = shop.Guest();
        await Shop.AddAsync(buyer, shop.Bottle, 3);
        await Shop.AddAsync(buyer, shop.Agent);
        await Shop.AddAsync(buyer, shop.Car);
        var purchase = await (await Shop.CheckoutAsync(buyer, region: "CA")).JsonAsync(HttpStatusCode.Created);
        purchase["orders"]!.AsArray().Count.ShouldBe(3);

        var bottles = Shop.OrderOf(purchase, shop.Maker);
        ((string)bottles["process"]!).ShouldBe("physical");
        ((string)bottles["state"]!).ShouldBe("pending_payment");
        ((long)bottles["subtotal"]!).ShouldBe(3 * Shop.BottlePrice);
        ((long)bottles["tax"]!).ShouldBe(196); // 7.25 % of 26.97, rounded half up
        ((long)bottles["shipping"]!).ShouldBe(1500);
        ((long)bottles["platformFee"]!).ShouldBe(270 + 30);
        ((long)bottles["total"]!).ShouldBe(2697 + 196 + 1500);

        var agent = Shop.OrderOf(purchase, shop.Vendor);
        ((string)agent["process"]!).ShouldBe("digital");
        ((long)agent["shipping"]!).ShouldBe(0);
        ((long)agent["tax"]!).ShouldBe(355);
        ((long)agent["platformFee"]!).ShouldBe(980);

        var car = Shop.OrderOf(purchase, shop.Dealer);
        ((string)car["process"]!).ShouldBe("vehicle_deposit");
        ((string)car["state"]!).ShouldBe("deposit_pending");
        ((long)car["subtotal"]!).ShouldBe(Shop.CarPrice / 10);
        ((long)car["tax"]!).ShouldBe(0);
        ((long)car["shipping"]!).ShouldBe(0);

        ((long)purchase["total"]!).ShouldBe(purchase["orders"]!.AsArray().Sum(o => (long)o!["total"]!));
        ((string)purchase["payment"]!["provider"]!).ShouldBe("manual");
        (await buyer.GetFromJsonAsync<JsonObject>("api/cart"))!["lines"]!.AsArray().ShouldBeEmpty();
        var mine = await buyer.GetFromJsonAsync<JsonObject>("api/orders");
        mine!["orders"]!.AsArray().Count.ShouldBe(3);
        ((string)mine["orders"]![0]!["history"]![0]!["transition"]!).ShouldBe("place");
        (await shop.MailSubjectsAsync("buyer@example.com")).ShouldHaveSingleItem().ShouldStartWith("Order placed");
        await shop.AssertLedgerBalancedAsync();
    }

    [SkippableFact]
    public async Task A_price_changed_since_it_was_added_is_shown_and_the_buyer_confirms_it()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        using var buyer = shop.Guest();
        await Shop.AddAsync(buyer, shop.Bottle, 2);
        await shop.Admin.PatchJsonAsync($"api/listings/{shop.Bottle}", new { price = new { amount = 999, currency = "USD" } }, "\"1\"");

        var changed = await (await Shop.CheckoutAsync(buyer)).JsonAsync(HttpStatusCode.Conflict);
        var change = changed["changes"]!.AsArray().ShouldHaveSingleItem()!;
        ((long)change["oldAmount"]!).ShouldBe(Shop.BottlePrice);
        ((long)change["newAmount"]!).ShouldBe(999);
        var cart = await buyer.GetFromJsonAsync<JsonObject>("api/cart");
        ((long)cart!["lines"]![0]!["unitAmount"]!).ShouldBe(999);

        var purchase = await (await Shop.CheckoutAsync(buyer)).JsonAsync(HttpStatusCode.Created);
        ((long)purchase["orders"]![0]!["subtotal"]!).ShouldBe(2 * 999);
    }

    [SkippableFact]
    public async Task A_guest_cart_survives_and_merges_into_the_account_at_sign_in()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        var browser = shop.Guest();
        await Shop.AddAsync(browser, shop.Bottle, 2);

        var signup = await browser.GetStringAsync("account/signup");
        var response = await browser.PostAsync("account/signup", AccountsTests.Form(signup, new()
        {
            ["name"] = "Sam Shopper",
            ["email"] = "sam@example.com",
            ["password"] = PageSessions.Password,
            ["accountType"] = "shopper",
        }));
        response.EnsureSuccessStatusCode();

        var cart = await browser.GetFromJsonAsync<JsonObject>("api/cart");
        ((long)cart!["lines"]!.AsArray().ShouldHaveSingleItem()!["quantity"]!).ShouldBe(2);
        var purchase = await (await browser.PostJsonAsync("api/checkout", new { country = "US" })).JsonAsync(HttpStatusCode.Created);
        ((string)purchase["orders"]![0]!["buyerEmail"]!).ShouldBe("sam@example.com");
        (await browser.GetFromJsonAsync<JsonObject>("api/orders"))!["orders"]!.AsArray().Count.ShouldBe(1);
    }
}

public sealed class CheckoutSqliteTests(SqliteFixture fixture) : CheckoutTests(fixture), IClassFixture<SqliteFixture>;

public sealed class CheckoutPostgresTests(PostgresFixture fixture) : CheckoutTests(fixture), IClassFixture<PostgresFixture>;

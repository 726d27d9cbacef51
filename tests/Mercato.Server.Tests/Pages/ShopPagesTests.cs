using System.Net;
using System.Text.RegularExpressions;
using Mercato.Server.Tests.Accounts;
using Mercato.Server.Tests.Infrastructure;
using Mercato.Server.Tests.Orders;

namespace Mercato.Server.Tests.Pages;

/// <summary>The buyer's pages over HTTP, as a browser uses them: forms with their antiforgery token, cookies, redirects.</summary>
public abstract partial class ShopPagesTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task A_guest_buys_a_wholesale_product_and_an_agent_through_the_pages_and_sees_both_orders()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        await shop.SetStockAsync(shop.Bottle, 5);
        using var browser = shop.Guest();

        var listing = await browser.GetStringAsync($"listings/{shop.Bottle}");
        listing.ShouldContain("5 left");
        listing.ShouldContain("Cart (0)");
        var added = await AddToCartAsync(browser, listing, shop.Bottle, 2);
        added.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/cart");
        var cart = await added.Content.ReadAsStringAsync();
        cart.ShouldContain("Water bottle WB-750");
        cart.ShouldContain("$17.98");
        cart.ShouldContain("Cart (2)");

        var agentPage = await browser.GetStringAsync($"listings/{shop.Agent}");
        (await AddToCartAsync(browser, agentPage, shop.Agent, 1)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var checkout = await browser.GetStringAsync("checkout");
        checkout.ShouldContain("Goods, shipped");
        checkout.ShouldContain("Digital");
        var placed = await browser.PostAsync("checkout", AccountsTests.Form(checkout, new()
        {
            ["email"] = "guest@example.com",
            ["country"] = "US",
            ["region"] = "",
            ["action"] = "place",
        }));
        placed.StatusCode.ShouldBe(HttpStatusCode.OK);
        placed.RequestMessage!.RequestUri!.AbsolutePath.ShouldStartWith("/purchases/");
        var purchase = await placed.Content.ReadAsStringAsync();
        purchase.ShouldContain("2 order(s)");
        purchase.ShouldContain("Pending payment");
        purchase.ShouldContain("mark the order paid when the money arrives");
        purchase.ShouldContain("Cart (0)");

        var orders = await browser.GetStringAsync("orders");
        OrderLink().Matches(orders).Select(m => m.Groups[1].Value).Distinct().Count().ShouldBe(2);
        System.Net.WebUtility.HtmlDecode(orders).ShouldContain("2 × Water bottle WB-750");
        orders.ShouldContain("Invoice extractor");

        // The purchase is the buyer's: another browser does not see it, nor its orders.
        using var stranger = shop.Guest();
        (await stranger.GetAsync(placed.RequestMessage.RequestUri.AbsolutePath)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var orderId = OrderLink().Match(orders).Groups[1].Value;
        (await stranger.GetAsync($"orders/{orderId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.GetStringAsync("orders")).ShouldNotContain("Invoice extractor");

        (await browser.GetStringAsync($"listings/{shop.Bottle}")).ShouldContain("3 left");
        (await shop.MailSubjectsAsync("guest@example.com")).ShouldHaveSingleItem().ShouldStartWith("Order placed");
        await shop.AssertLedgerBalancedAsync();
    }

    [SkippableFact]
    public async Task A_vehicle_is_reserved_with_a_deposit_and_shows_reserved_afterwards()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        using var browser = shop.Guest();
        var page = await browser.GetStringAsync($"listings/{shop.Car}");
        page.ShouldContain("Reserve with a deposit of <strong>$1,899.00</strong>");
        await AddToCartAsync(browser, page, shop.Car, 1);
        var checkout = await browser.GetStringAsync("checkout");
        checkout.ShouldContain("Vehicle reservation deposit");
        var placed = await browser.PostAsync("checkout", AccountsTests.Form(checkout, new() { ["email"] = "car@example.com", ["country"] = "US", ["action"] = "place" }));
        (await placed.Content.ReadAsStringAsync()).ShouldContain("Deposit pending");

        var after = await shop.Guest().GetStringAsync($"listings/{shop.Car}");
        after.ShouldContain("Reserved");
        after.ShouldNotContain("id=\"add-to-cart\"");
    }

    [SkippableFact]
    public async Task A_moved_price_is_shown_old_and_new_and_placing_again_accepts_it()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        using var browser = shop.Guest();
        await AddToCartAsync(browser, await browser.GetStringAsync($"listings/{shop.Bottle}"), shop.Bottle, 2);
        var checkout = await browser.GetStringAsync("checkout");
        await shop.Admin.PatchJsonAsync($"api/listings/{shop.Bottle}", new { price = new { amount = 999, currency = "USD" } }, "\"1\"");

        var fields = new Dictionary<string, string> { ["email"] = "moved@example.com", ["country"] = "US", ["action"] = "place" };
        var changed = await browser.PostAsync("checkout", AccountsTests.Form(checkout, new(fields)));
        changed.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var page = await changed.Content.ReadAsStringAsync();
        page.ShouldContain("<s>$8.99</s> → <strong>$9.99</strong>");
        page.ShouldContain("$19.98");

        var placed = await browser.PostAsync("checkout", AccountsTests.Form(page, new(fields)));
        placed.RequestMessage!.RequestUri!.AbsolutePath.ShouldStartWith("/purchases/");
        (await placed.Content.ReadAsStringAsync()).ShouldContain("$19.98");
    }

    [SkippableFact]
    public async Task Checkout_asks_a_guest_for_the_email_and_a_country_and_a_forged_form_is_400()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        using var browser = shop.Guest();
        await AddToCartAsync(browser, await browser.GetStringAsync($"listings/{shop.Agent}"), shop.Agent, 1);
        var checkout = await browser.GetStringAsync("checkout");
        var refused = await browser.PostAsync("checkout", AccountsTests.Form(checkout, new() { ["email"] = "nobody", ["country"] = "USA", ["action"] = "place" }));
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var page = await refused.Content.ReadAsStringAsync();
        page.ShouldContain("id=\"email-error\"");
        page.ShouldContain("id=\"country-error\"");

        var forged = await browser.PostAsync("checkout", new FormUrlEncodedContent(new Dictionary<string, string> { ["email"] = "x@example.com", ["country"] = "US", ["action"] = "place" }));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await forged.Content.ReadAsStringAsync()).ShouldContain("Form expired");
        var forgedAdd = await shop.Guest().PostAsync("cart/lines", new FormUrlEncodedContent(new Dictionary<string, string> { ["listingId"] = shop.Bottle.ToString(System.Globalization.CultureInfo.InvariantCulture), ["quantity"] = "1" }));
        forgedAdd.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.GetStringAsync("cart")).ShouldContain("Invoice extractor");
    }

    [SkippableFact]
    public async Task The_cart_page_updates_quantities_refuses_bad_ones_and_removes_lines()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        using var browser = shop.Guest();
        var cart = await (await AddToCartAsync(browser, await browser.GetStringAsync($"listings/{shop.Bottle}"), shop.Bottle, 1)).Content.ReadAsStringAsync();
        var updated = await (await browser.PostAsync($"cart/lines/{shop.Bottle}", AccountsTests.Form(cart, new() { ["quantity"] = "3" }))).Content.ReadAsStringAsync();
        updated.ShouldContain("value=\"3\"");
        updated.ShouldContain("$26.97");
        var refused = await (await browser.PostAsync($"cart/lines/{shop.Bottle}", AccountsTests.Form(updated, new() { ["quantity"] = "-1" }))).Content.ReadAsStringAsync();
        refused.ShouldContain("must be at least 1");
        var removed = await (await browser.PostAsync($"cart/lines/{shop.Bottle}/remove", AccountsTests.Form(refused, new()))).Content.ReadAsStringAsync();
        removed.ShouldContain("Your cart is empty");
    }

    internal static Task<HttpResponseMessage> AddToCartAsync(HttpClient browser, string listingPage, long listingId, long quantity) =>
        browser.PostAsync("cart/lines", AccountsTests.Form(listingPage, new()
        {
            ["listingId"] = listingId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["quantity"] = quantity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

    [GeneratedRegex("href=\"/orders/(\\d+)\"")]
    internal static partial Regex OrderLink();
}

public sealed class ShopPagesSqliteTests(SqliteFixture fixture) : ShopPagesTests(fixture), IClassFixture<SqliteFixture>;

public sealed class ShopPagesPostgresTests(PostgresFixture fixture) : ShopPagesTests(fixture), IClassFixture<PostgresFixture>;

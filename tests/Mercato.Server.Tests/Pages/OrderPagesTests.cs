using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Mercato.Server.Tests.Accounts;
using Mercato.Server.Tests.Infrastructure;
using Mercato.Server.Tests.Orders;

namespace Mercato.Server.Tests.Pages;

/// <summary>Orders on the seller dashboard and in /admin, over HTTP as a browser uses them.</summary>
public abstract partial class OrderPagesTests(ServerFixture fixture)
{
    [SkippableFact]
    public async Task The_seller_marks_paid_accepts_and_ships_with_tracking_and_the_buyer_sees_it()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        var (seller, sellerId, listing) = await SellerWithProductAsync(shop, "ship@example.com", "Ship Co");
        var orderId = await BuyAsync(shop, listing, "buyer-ship@example.com", out var buyer);

        var list = await seller.GetStringAsync($"dashboard/orders?seller={sellerId}");
        list.ShouldContain($"href=\"/dashboard/orders/{orderId}?seller={sellerId}\"");
        list.ShouldContain("buyer-ship@example.com");
        (await seller.GetStringAsync($"dashboard/orders?seller={sellerId}&state=shipped")).ShouldNotContain($"/dashboard/orders/{orderId}?");

        var page = await seller.GetStringAsync($"dashboard/orders/{orderId}?seller={sellerId}");
        page.ShouldContain($"action=\"/dashboard/orders/{orderId}/pay?seller={sellerId}\"");
        page = await PostAsync(seller, page, $"dashboard/orders/{orderId}/pay?seller={sellerId}", []);
        page.ShouldContain("data-state=\"paid\"");
        page = await PostAsync(seller, page, $"dashboard/orders/{orderId}/accept?seller={sellerId}", []);
        var refused = await PostAsync(seller, page, $"dashboard/orders/{orderId}/ship?seller={sellerId}", new() { ["tracking"] = "" });
        refused.ShouldContain("tracking number");
        refused.ShouldContain("data-state=\"accepted\"");
        page = await PostAsync(seller, refused, $"dashboard/orders/{orderId}/ship?seller={sellerId}", new() { ["tracking"] = "1Z-<b>999</b>" });
        page.ShouldContain("data-state=\"shipped\"");
        page.ShouldContain("1Z-&lt;b&gt;999&lt;/b&gt;");
        page.ShouldNotContain("<b>999</b>");

        var seen = await buyer.GetStringAsync($"orders/{orderId}");
        seen.ShouldContain("data-state=\"shipped\"");
        seen.ShouldContain("1Z-&lt;b&gt;999&lt;/b&gt;");
        seen.ShouldContain($"action=\"/orders/{orderId}/deliver\"");
        var delivered = await PostAsync(buyer, seen, $"orders/{orderId}/deliver", []);
        delivered.ShouldContain("data-state=\"delivered\"");

        var subjects = await shop.MailSubjectsAsync("buyer-ship@example.com");
        subjects.ShouldContain(s => s.StartsWith("Order placed", StringComparison.Ordinal));
        subjects.ShouldContain($"Order {orderId}: payment received");
        subjects.ShouldContain($"Order {orderId} has shipped");
        (await seller.GetStringAsync($"dashboard/orders?seller={sellerId}")).ShouldContain("class=\"balance\"");
        await shop.AssertLedgerBalancedAsync();
    }

    [SkippableFact]
    public async Task Another_sellers_order_is_404_and_a_forged_dashboard_form_is_400()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        var (seller, sellerId, listing) = await SellerWithProductAsync(shop, "owner-a@example.com", "Seller A");
        var orderId = await BuyAsync(shop, listing, "buyer-a@example.com", out _);
        var (other, otherId, _) = await SellerWithProductAsync(shop, "owner-b@example.com", "Seller B");

        (await other.GetAsync($"dashboard/orders/{orderId}?seller={otherId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetAsync($"dashboard/orders/{orderId}?seller={sellerId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.GetStringAsync($"dashboard/orders?seller={otherId}")).ShouldNotContain($"/dashboard/orders/{orderId}?");
        var otherPage = await other.GetStringAsync($"dashboard/orders?seller={otherId}");
        var stolen = await other.PostAsync($"dashboard/orders/{orderId}/pay?seller={otherId}", AccountsTests.Form(otherPage, []));
        stolen.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var forged = await seller.PostAsync($"dashboard/orders/{orderId}/pay?seller={sellerId}", new FormUrlEncodedContent([]));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await forged.Content.ReadAsStringAsync()).ShouldContain("Form expired");
        var order = await shop.Admin.GetFromJsonAsync<JsonObject>($"api/orders/{orderId}");
        ((string)order!["state"]!).ShouldBe("pending_payment");
    }

    [SkippableFact]
    public async Task An_administrator_finds_an_order_sees_its_ledger_and_refunds_it_in_part_then_in_full()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        var (_, _, listing) = await SellerWithProductAsync(shop, "owner-r@example.com", "Refund Co");
        var orderId = await BuyAsync(shop, listing, "Refund.Buyer@example.com", out _);
        await shop.PayAsync(orderId);

        // The platform administrator's bearer token; redirects are followed by hand, as HttpClient drops Authorization on them.
        using var admin = fixture.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri($"http://{shop.T.Tenant.Hosts[0]}/"),
            AllowAutoRedirect = false,
        });
        admin.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", ServerFixture.AdminToken);

        (await admin.GetStringAsync("admin/orders?q=refund.buyer@EXAMPLE.com")).ShouldContain($"href=\"/admin/orders/{orderId}\"");
        (await admin.GetStringAsync($"admin/orders?q={orderId}&state=refunded")).ShouldContain("No orders match");
        var page = await admin.GetStringAsync($"admin/orders/{orderId}");
        page.ShouldContain("cash:manual");
        page.ShouldContain("seller_payable");
        LedgerSum().Match(page).Groups[1].Value.ShouldBe("$0.00");

        page = await PostAsync(admin, page, $"admin/orders/{orderId}/refund", new() { ["amount"] = "5.00" });
        page.ShouldContain("Refunded");
        page.ShouldContain("data-state=\"paid\""); // a partial refund keeps the state
        var tooMuch = await PostAsync(admin, page, $"admin/orders/{orderId}/refund", new() { ["amount"] = "100000" });
        tooMuch.ShouldContain("class=\"error\"");
        var full = await PostAsync(admin, tooMuch, $"admin/orders/{orderId}/refund", new() { ["amount"] = "" });
        full.ShouldContain("data-state=\"refunded\"");
        LedgerSum().Match(full).Groups[1].Value.ShouldBe("$0.00");

        var forged = await admin.PostAsync($"admin/orders/{orderId}/refund", new FormUrlEncodedContent(new Dictionary<string, string> { ["amount"] = "1" }));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        using var stranger = fixture.AnonymousClient(shop.T, followRedirects: false);
        (await stranger.GetAsync($"admin/orders/{orderId}")).Headers.Location!.ToString().ShouldStartWith("/account/login");
        (await shop.MailSubjectsAsync("Refund.Buyer@example.com")).Count(s => s.Contains("refund", StringComparison.Ordinal)).ShouldBe(2);
        await shop.AssertLedgerBalancedAsync();
    }

    /// <summary>A signed-in seller account (its own new seller) and one wholesale product of it, in stock.</summary>
    private async Task<(HttpClient Browser, long SellerId, long Listing)> SellerWithProductAsync(Shop shop, string email, string organisation)
    {
        var browser = await fixture.SignUpSellerAsync(shop.T, email, organisation);
        var dashboard = await browser.GetStringAsync("dashboard");
        var sellerId = long.Parse(SellerField().Match(dashboard).Groups[1].Value, CultureInfo.InvariantCulture);
        var created = await (await shop.Admin.PostJsonAsync("api/listings", new
        {
            sellerId,
            category = "wholesale",
            title = $"Crate of {organisation}",
            price = new { amount = 2500, currency = "USD" },
            attributes = new { sku = "CR-" + sellerId, moq = 1, case_pack = 1 },
        })).JsonAsync(HttpStatusCode.Created);
        var listing = (long)created["id"]!;
        await shop.SetStockAsync(listing, 10);
        return (browser, sellerId, listing);
    }

    private static Task<long> BuyAsync(Shop shop, long listing, string email, out HttpClient buyer)
    {
        var browser = shop.Guest();
        buyer = browser;
        return Run();

        async Task<long> Run()
        {
            await ShopPagesTests.AddToCartAsync(browser, await browser.GetStringAsync($"listings/{listing}"), listing, 2);
            var checkout = await browser.GetStringAsync("checkout");
            var placed = await browser.PostAsync("checkout", AccountsTests.Form(checkout, new() { ["email"] = email, ["country"] = "US", ["action"] = "place" }));
            var purchase = await placed.Content.ReadAsStringAsync();
            return long.Parse(ShopPagesTests.OrderLink().Match(purchase).Groups[1].Value, CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Posts one of the page's forms with its antiforgery token and answers the page it leads to.</summary>
    private static async Task<string> PostAsync(HttpClient browser, string page, string url, Dictionary<string, string> fields)
    {
        var response = await browser.PostAsync(url, AccountsTests.Form(page, fields));
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            response = await browser.GetAsync(response.Headers.Location);
        }

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadAsStringAsync();
    }

    [GeneratedRegex("name=\"seller\" value=\"(\\d+)\"")]
    private static partial Regex SellerField();

    [GeneratedRegex("id=\"ledger-sum\"><strong>([^<]+)</strong>")]
    private static partial Regex LedgerSum();
}

public sealed class OrderPagesSqliteTests(SqliteFixture fixture) : OrderPagesTests(fixture), IClassFixture<SqliteFixture>;

public sealed class OrderPagesPostgresTests(PostgresFixture fixture) : OrderPagesTests(fixture), IClassFixture<PostgresFixture>;

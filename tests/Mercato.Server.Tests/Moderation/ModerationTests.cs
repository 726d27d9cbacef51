using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;
using Mercato.Server.Tests.Accounts;
using Mercato.Server.Tests.Infrastructure;
using Mercato.Server.Tests.Search;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Moderation;

/// <summary>Hiding listings, seller standing and the admin pages, on both engines.</summary>
public abstract class ModerationTests(ServerFixture fixture)
{
    private const string AdminPassword = "admin password 12";

    [SkippableFact]
    public async Task A_hidden_listing_leaves_search_and_shoppers_until_unhidden_and_the_decisions_are_kept()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        using var shopper = fixture.AnonymousClient(t);
        var seller = await t.Http.CreateSellerAsync("D1");
        var id = (long)(await t.Http.CreateVehicleAsync(seller, "V1"))["id"]!;
        await SearchApiTests.WaitForAsync(t.Http, "api/search?q=accord", r => r["hits"]!.AsArray().Count == 1);

        var missing = await (await t.Http.PostJsonAsync($"api/listings/{id}/hide", new { reason = " " })).JsonAsync(HttpStatusCode.BadRequest);
        missing["errors"]!.AsObject().ContainsKey("reason").ShouldBeTrue();
        var hidden = await (await t.Http.PostJsonAsync($"api/listings/{id}/hide", new { reason = "Photos show another car" })).JsonAsync(HttpStatusCode.OK);
        ((string)hidden["hold"]!["kind"]!).ShouldBe("moderation");
        ((string)hidden["hold"]!["reason"]!).ShouldBe("Photos show another car");

        await SearchApiTests.WaitForAsync(t.Http, "api/search?q=accord", r => r["hits"]!.AsArray().Count == 0);
        (await shopper.GetAsync($"api/listings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await shopper.GetAsync($"listings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await shopper.GetStringAsync("api/listings")).ShouldNotContain("\"V1\"");
        (await t.Http.GetAsync($"api/listings/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var shown = await (await t.Http.PostAsync($"api/listings/{id}/unhide", null)).JsonAsync(HttpStatusCode.OK);
        shown.ContainsKey("hold").ShouldBeFalse();
        await SearchApiTests.WaitForAsync(t.Http, "api/search?q=accord", r => r["hits"]!.AsArray().Count == 1);
        (await shopper.GetAsync($"listings/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var events = JsonNode.Parse(await t.Http.GetStringAsync($"api/moderation/events?subject=listing&subjectId={id}"))!.AsArray();
        events.Select(e => (string)e!["action"]!).ShouldBe(["unhide", "hide"]);
        ((string)events[1]!["reason"]!).ShouldBe("Photos show another car");
    }

    [SkippableFact]
    public async Task Only_administrators_moderate_and_another_tenants_ids_are_404()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        using var shopper = fixture.AnonymousClient(t);
        var seller = await t.Http.CreateSellerAsync("D1");
        var id = (long)(await t.Http.CreateVehicleAsync(seller, "V1"))["id"]!;
        var (_, key) = await fixture.Services.GetRequiredService<ApiKeyStore>().CreateAsync(t.Tenant.Id, seller, "feed", default);
        using var sellerClient = fixture.AnonymousClient(t);
        sellerClient.DefaultRequestHeaders.Authorization = new("Bearer", key);

        (await shopper.PostJsonAsync($"api/listings/{id}/hide", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await sellerClient.PostJsonAsync($"api/listings/{id}/unhide", new { reason = "x" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await sellerClient.PostJsonAsync($"api/sellers/{seller}/approve", new { })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await sellerClient.GetAsync("api/moderation/events")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        using var other = await fixture.CreateTenantAsync();
        (await other.Http.PostJsonAsync($"api/listings/{id}/hide", new { reason = "not yours" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Http.PostJsonAsync($"api/sellers/{seller}/suspend", new { reason = "not yours" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await t.Http.GetAsync($"api/listings/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await (await t.Http.GetAsync($"api/sellers/{seller}")).JsonAsync(HttpStatusCode.OK))["status"]!.ToString().ShouldBe("active");
    }

    [SkippableFact]
    public async Task Suspending_a_seller_hides_all_its_listings_and_reinstating_brings_them_back()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        using var shopper = fixture.AnonymousClient(t);
        var bad = await t.Http.CreateSellerAsync("BAD");
        var good = await t.Http.CreateSellerAsync("GOOD");
        await t.Http.CreateVehicleAsync(bad, "B1", "Honda", "Accord", 2018, 1_500_000);
        await t.Http.CreateVehicleAsync(bad, "B2", "Honda", "Civic", 2019, 1_600_000);
        var kept = (long)(await t.Http.CreateVehicleAsync(good, "G1"))["id"]!;
        await SearchApiTests.WaitForAsync(t.Http, "api/search", r => (int)r["estimatedTotalHits"]! == 3);

        var noReason = await (await t.Http.PostJsonAsync($"api/sellers/{bad}/suspend", new { })).JsonAsync(HttpStatusCode.BadRequest);
        noReason["errors"]!.AsObject().ContainsKey("reason").ShouldBeTrue();
        var suspended = await (await t.Http.PostJsonAsync($"api/sellers/{bad}/suspend", new { reason = "Odometer fraud" })).JsonAsync(HttpStatusCode.OK);
        ((string)suspended["status"]!).ShouldBe("suspended");

        var after = await SearchApiTests.WaitForAsync(t.Http, "api/search", r => (int)r["estimatedTotalHits"]! == 1);
        ((long)after["hits"]![0]!["id"]!).ShouldBe(kept);
        (await shopper.GetStringAsync($"api/sellers/{bad}/listings")).ShouldNotContain("\"B1\"");
        var managed = await (await t.Http.GetAsync($"api/sellers/{bad}/listings")).JsonAsync(HttpStatusCode.OK);
        ((string)managed["items"]![0]!["hold"]!["kind"]!).ShouldBe("seller_suspended");

        (await t.Http.PostAsync($"api/sellers/{bad}/reinstate", null)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await SearchApiTests.WaitForAsync(t.Http, "api/search", r => (int)r["estimatedTotalHits"]! == 3);
    }

    [SkippableFact]
    public async Task With_seller_approval_a_new_sellers_listings_wait_until_an_administrator_approves_on_the_admin_page()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var tenants = fixture.Services.GetRequiredService<TenantStore>();
        await tenants.UpdateAsync(t.Tenant with { SellerApproval = true });
        fixture.Services.GetRequiredService<TenantDirectory>().Invalidate();
        await CreateTenantAdminAsync(t.Tenant, "boss@example.com");

        using var dealer = fixture.AnonymousClient(t);
        var signup = await dealer.GetStringAsync("account/signup");
        var joined = await dealer.PostAsync("account/signup", AccountsTests.Form(signup, new()
        {
            ["name"] = "Pat Pending",
            ["email"] = "pat@example.com",
            ["password"] = "correct horse battery",
            ["accountType"] = "seller",
            ["organisation"] = "Pending Motors",
            ["sellerKind"] = "dealer",
            ["postalCode"] = "10001",
        }));
        (await joined.Content.ReadAsStringAsync()).ShouldContain("waits for the marketplace");
        var sellers = JsonNode.Parse(await t.Http.GetStringAsync("api/sellers"))!["items"]!.AsArray();
        var pending = sellers.Single(s => (string)s!["name"]! == "Pending Motors")!;
        ((string)pending["status"]!).ShouldBe("pending");
        var sellerId = (long)pending["id"]!;
        await t.Http.CreateVehicleAsync(sellerId, "P1");
        await Task.Delay(600); // three follower rounds: the listing must not appear
        (await SearchApiTests.WaitForAsync(t.Http, "api/search", r => r["hits"] is not null))["estimatedTotalHits"]!.GetValue<int>().ShouldBe(0);

        // The dealer is not an administrator: the admin pages do not exist for them.
        (await dealer.GetAsync("admin/sellers")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var anonymous = fixture.AnonymousClient(t, followRedirects: false);
        (await anonymous.GetAsync("admin")).Headers.Location!.ToString().ShouldStartWith("/account/login?returnUrl=%2Fadmin");

        using var boss = await SignInAsync(t, "boss@example.com");
        var page = await boss.GetStringAsync("admin/sellers?status=pending");
        page.ShouldContain("Pending Motors");
        page.ShouldContain($"action=\"/admin/sellers/{sellerId}/approve\"");

        // Without the antiforgery token the form post is refused.
        var forged = await boss.PostAsync($"admin/sellers/{sellerId}/approve", new FormUrlEncodedContent(new Dictionary<string, string> { ["reason"] = "" }));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var approved = await boss.PostAsync($"admin/sellers/{sellerId}/approve", AccountsTests.Form(page, new() { ["reason"] = "Dealer licence checked", ["back"] = "/admin/sellers" }));
        approved.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await approved.Content.ReadAsStringAsync()).ShouldContain("Pending Motors is active.");
        await SearchApiTests.WaitForAsync(t.Http, "api/search", r => (int)r["estimatedTotalHits"]! == 1);

        var events = JsonNode.Parse(await t.Http.GetStringAsync($"api/moderation/events?subject=seller&subjectId={sellerId}"))!.AsArray();
        ((string)events[0]!["action"]!).ShouldBe("approve");
        ((string)events[0]!["actor"]!).ShouldStartWith("Boss");
    }

    [SkippableFact]
    public async Task A_tenant_administrator_hides_a_listing_and_changes_branding_but_cannot_manage_marketplaces()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var seller = await t.Http.CreateSellerAsync("D1");
        var id = (long)(await t.Http.CreateVehicleAsync(seller, "V1"))["id"]!;
        await CreateTenantAdminAsync(t.Tenant, "boss@example.com");
        using var boss = await SignInAsync(t, "boss@example.com");

        var listings = await boss.GetStringAsync($"admin/listings?q={id}");
        listings.ShouldContain($"action=\"/admin/listings/{id}/hide\"");
        var refused = await boss.PostAsync($"admin/listings/{id}/hide", AccountsTests.Form(listings, new() { ["reason"] = "" }));
        (await refused.Content.ReadAsStringAsync()).ShouldContain("give a reason");
        var hidden = await boss.PostAsync($"admin/listings/{id}/hide", AccountsTests.Form(listings, new() { ["reason"] = "<script>alert(1)</script>", ["back"] = $"/admin/listings?q={id}" }));
        var after = await hidden.Content.ReadAsStringAsync();
        after.ShouldContain("&lt;script&gt;alert(1)&lt;/script&gt;");
        after.ShouldNotContain("<script>alert(1)");
        after.ShouldContain($"action=\"/admin/listings/{id}/unhide\"");
        (await (await t.Http.GetAsync($"api/listings/{id}")).JsonAsync(HttpStatusCode.OK))["hold"]!["reason"]!.ToString().ShouldBe("<script>alert(1)</script>");

        var settings = await boss.GetStringAsync("admin/settings");
        settings.ShouldNotContain("name=\"hosts\"");
        var saved = await boss.PostAsync("admin/settings", AccountsTests.Form(settings, new()
        {
            ["name"] = "Boss Motors",
            ["displayName"] = "",
            ["primaryColor"] = "#123456",
            ["accentColor"] = "not a colour",
            ["logoUrl"] = "",
        }));
        saved.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await saved.Content.ReadAsStringAsync()).ShouldContain("is not a colour");
        saved = await boss.PostAsync("admin/settings", AccountsTests.Form(settings, new()
        {
            ["name"] = "Boss Motors",
            ["displayName"] = "",
            ["primaryColor"] = "#123456",
            ["accentColor"] = "#abcdef",
            ["logoUrl"] = "",
            ["hosts"] = "stolen.example.com",
        }));
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        var reloaded = await fixture.Services.GetRequiredService<TenantStore>().FindAsync(t.Tenant.Slug);
        reloaded!.Name.ShouldBe("Boss Motors");
        reloaded.Branding.PrimaryColor.ShouldBe("#123456");
        reloaded.Hosts.ShouldBe(t.Tenant.Hosts); // only the platform administrator changes host names
        (await fixture.AnonymousClient(t).GetStringAsync("/")).ShouldContain("--brand:#123456");

        (await boss.GetAsync("admin/tenants")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [SkippableFact]
    public async Task The_platform_administrator_creates_a_marketplace_and_sets_its_host_names()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var page = await t.Http.GetStringAsync("admin/tenants");
        var slug = $"m{Guid.NewGuid():N}"[..12];
        var taken = await t.Http.PostAsync("admin/tenants", AccountsTests.Form(page, new()
        {
            ["slug"] = slug,
            ["name"] = "Wholesale Hub",
            ["currency"] = "EUR",
            ["verticals"] = "wholesale",
            ["hosts"] = t.Tenant.Hosts[0],
        }));
        taken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await taken.Content.ReadAsStringAsync()).ShouldContain("already serve");

        var created = await t.Http.PostAsync("admin/tenants", AccountsTests.Form(page, new()
        {
            ["slug"] = slug,
            ["name"] = "Wholesale Hub",
            ["currency"] = "EUR",
            ["verticals"] = "wholesale",
            ["hosts"] = $"{slug}.test",
        }));
        // HttpClient drops the Authorization header when it follows the redirect, so the list is read again.
        created.RequestMessage!.RequestUri!.PathAndQuery.ShouldStartWith("/account/login?returnUrl=%2Fadmin%2Ftenants%3Fnotice");
        (await t.Http.GetStringAsync("admin/tenants")).ShouldContain($"href=\"/admin/tenants/{slug}\"");
        var hub = await fixture.Services.GetRequiredService<TenantStore>().FindAsync(slug);
        hub!.Verticals.ShouldBe(["wholesale"]);
        hub.DefaultCurrency.ShouldBe("EUR");

        var edit = await t.Http.GetStringAsync($"admin/tenants/{slug}");
        edit.ShouldContain("name=\"hosts\"");
        var saved = await t.Http.PostAsync($"admin/tenants/{slug}", AccountsTests.Form(edit, new()
        {
            ["name"] = "Wholesale Hub",
            ["primaryColor"] = "#0f766e",
            ["accentColor"] = "#f59e0b",
            ["hosts"] = $"{slug}.test\nshop.{slug}.test",
            ["sellerApproval"] = "true",
        }));
        saved.StatusCode.ShouldBe(HttpStatusCode.OK);
        hub = await fixture.Services.GetRequiredService<TenantStore>().FindAsync(slug);
        hub!.Hosts.Order().ShouldBe([$"{slug}.test", $"shop.{slug}.test"]);
        hub.SellerApproval.ShouldBeTrue();
        using var shop = fixture.Factory.CreateClient(new() { BaseAddress = new Uri($"http://shop.{slug}.test/") });
        (await shop.GetFromJsonAsync<JsonObject>("api/tenant"))!["slug"]!.ToString().ShouldBe(slug);
    }

    private async Task CreateTenantAdminAsync(Tenant tenant, string email)
    {
        var database = fixture.Services.GetRequiredService<Database>();
        var users = fixture.Services.GetRequiredService<UserStore>();
        var hash = await users.HashPasswordAsync(AdminPassword, default);
        await using var connection = await database.OpenAsync();
        await using var transaction = await Database.BeginWriteAsync(connection);
        await users.CreateAsync(connection, transaction, tenant.Id, email, "Boss", hash, Caller.TenantAdminRole);
        await transaction.CommitAsync();
    }

    private async Task<HttpClient> SignInAsync(TenantClient t, string email)
    {
        var browser = fixture.AnonymousClient(t);
        var login = await browser.GetStringAsync("account/login");
        var response = await browser.PostAsync("account/login", AccountsTests.Form(login, new() { ["email"] = email, ["password"] = AdminPassword }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return browser;
    }
}

public sealed class ModerationSqliteTests(SqliteFixture fixture) : ModerationTests(fixture), IClassFixture<SqliteFixture>;

public sealed class ModerationPostgresTests(PostgresFixture fixture) : ModerationTests(fixture), IClassFixture<PostgresFixture>;

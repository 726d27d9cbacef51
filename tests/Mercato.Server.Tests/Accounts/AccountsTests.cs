using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Dapper;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tests.Infrastructure;
using Mercato.Server.Tests.Jobs;
using Mercato.Server.Tests.Search;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Accounts;

/// <summary>A SQLite server whose clock the test can move and whose lockout limit is low.</summary>
public sealed class AccountsFixture : SqliteFixture
{
    internal ShiftedTime Clock { get; } = new();

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Mercato:Accounts:MaxFailedSignInsPerHour", "6");
        builder.UseSetting("Mercato:Accounts:SlowDownAfter", "3");
        builder.ConfigureServices(services => services.AddSingleton<TimeProvider>(Clock));
    }
}

public sealed partial class AccountsTests(AccountsFixture fixture) : IClassFixture<AccountsFixture>
{
    [Fact]
    public async Task Writes_without_credentials_are_401_and_reads_hide_drafts()
    {
        using var t = await fixture.CreateTenantAsync();
        using var anonymous = fixture.AnonymousClient(t);
        var seller = await t.Http.CreateSellerAsync("D1");
        var draft = ApiExtensions.Vehicle(seller, "V1");
        var id = (long)(await (await t.Http.PostJsonAsync("api/listings", draft)).JsonAsync(HttpStatusCode.Created))["id"]!;
        await t.Http.PatchJsonAsync($"api/listings/{id}", new { status = "draft" }, "\"1\"");

        (await anonymous.PostJsonAsync("api/listings", ApiExtensions.Vehicle(seller, "V2"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.PatchJsonAsync($"api/listings/{id}", new { title = "x" }, "\"2\"")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.DeleteAsync($"api/listings/{id}")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.PostJsonAsync("api/sellers", new { externalId = "X", name = "X" })).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("api/changes")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync($"api/listings/{id}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await anonymous.GetStringAsync("api/listings")).ShouldNotContain("\"V1\"");
        using var wrongKey = fixture.AnonymousClient(t);
        wrongKey.DefaultRequestHeaders.Authorization = new("Bearer", "mk_not-a-key");
        (await wrongKey.PostJsonAsync("api/listings", ApiExtensions.Vehicle(seller, "V3"))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_seller_key_acts_for_its_own_seller_only_until_revoked()
    {
        using var t = await fixture.CreateTenantAsync();
        var mine = await t.Http.CreateSellerAsync("MINE");
        var theirs = await t.Http.CreateSellerAsync("THEIRS");
        var theirListing = (long)(await t.Http.CreateVehicleAsync(theirs, "T1"))["id"]!;
        var keys = fixture.Services.GetRequiredService<ApiKeyStore>();
        var (keyId, key) = await keys.CreateAsync(t.Tenant.Id, mine, "feed", default);
        using var seller = fixture.AnonymousClient(t);
        seller.DefaultRequestHeaders.Authorization = new("Bearer", key);

        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(ApiExtensions.Vehicle(0, "M1")))!.AsObject();
        body.Remove("sellerId");
        var created = await (await seller.PostJsonAsync("api/listings", body)).JsonAsync(HttpStatusCode.Created);
        ((long)created["sellerId"]!).ShouldBe(mine);

        (await seller.PatchJsonAsync($"api/listings/{theirListing}", new { title = "Hijacked" }, "\"1\"")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await seller.DeleteAsync($"api/listings/{theirListing}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var asThem = await seller.PostJsonAsync("api/listings", ApiExtensions.Vehicle(theirs, "M2"));
        (await asThem.JsonAsync(HttpStatusCode.BadRequest))["errors"]!.AsObject().ContainsKey("sellerId").ShouldBeTrue();
        (await seller.PostJsonAsync("api/categories", new { slug = "boats", name = "Boats" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // Another tenant never honours the key.
        using var other = await fixture.CreateTenantAsync(asAdmin: false);
        other.Http.DefaultRequestHeaders.Authorization = new("Bearer", key);
        (await other.Http.PostJsonAsync("api/listings", body)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        (await keys.RevokeAsync(t.Tenant.Id, mine, keyId, default)).ShouldBeTrue();
        (await seller.PostJsonAsync("api/listings", body)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_seller_signs_up_and_creates_a_listing_through_the_form_fixing_a_mistake()
    {
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        using var browser = fixture.AnonymousClient(t);
        var signup = await browser.GetStringAsync("account/signup");
        var response = await browser.PostAsync("account/signup", Form(signup, new()
        {
            ["name"] = "Dana Dealer",
            ["email"] = "dana@example.com",
            ["password"] = "correct horse battery",
            ["accountType"] = "seller",
            ["organisation"] = "Dana's Cars",
            ["sellerKind"] = "dealer",
            ["postalCode"] = "02134",
        }));
        response.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/dashboard");
        var dashboard = await response.Content.ReadAsStringAsync();
        dashboard.ShouldContain("Dana&#x27;s Cars");

        var form = await browser.GetStringAsync("dashboard/listings/new?category=vehicles");
        form.ShouldContain("name=\"attr_vin\"");
        var fields = new Dictionary<string, string>
        {
            ["title"] = "2017 Subaru Outback Limited",
            ["price"] = "17990",
            ["status"] = "active",
            ["attr_vin"] = "1HGCM82633A004353",
            ["attr_year"] = "2017",
            ["attr_make"] = "Subaru",
            ["attr_model"] = "Outback",
            ["attr_body"] = "Wagon",
            ["attr_condition"] = "used",
            ["attr_mileage"] = "61,000",
        };
        // The dashboard's posts need the antiforgery token (the seller filter reads the form itself, so it is asked for explicitly).
        var forged = await browser.PostAsync("dashboard/listings/new?category=vehicles", new FormUrlEncodedContent(fields));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await browser.PostAsync("dashboard/keys", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "forged" }))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var rejected = await browser.PostAsync("dashboard/listings/new?category=vehicles", Form(form, fields));
        rejected.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var again = await rejected.Content.ReadAsStringAsync();
        again.ShouldContain("is not a valid VIN");
        again.ShouldContain("value=\"Outback\"");

        fields["attr_vin"] = ApiExtensions.ValidVin;
        var saved = await browser.PostAsync("dashboard/listings/new?category=vehicles", Form(again, fields));
        saved.RequestMessage!.RequestUri!.AbsolutePath.ShouldBe("/dashboard");
        (await saved.Content.ReadAsStringAsync()).ShouldContain("2017 Subaru Outback Limited");
        await SearchApiTests.WaitForAsync(browser, "api/search?q=outback", r => r["hits"]!.AsArray().Count == 1);
    }

    [Fact]
    public async Task Sign_in_slows_down_then_locks_the_account_for_the_hour()
    {
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        await CreateUserAsync(t, "lock@example.com", "right password 1");
        using var browser = fixture.AnonymousClient(t, followRedirects: false);
        for (var i = 0; i < 6; i++)
        {
            (await SignInAsync(browser, "lock@example.com", "wrong password")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        var locked = await SignInAsync(browser, "lock@example.com", "right password 1");
        locked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await locked.Content.ReadAsStringAsync()).ShouldContain("Too many failed attempts");

        fixture.Clock.Advance(TimeSpan.FromMinutes(61));
        var after = await SignInAsync(browser, "lock@example.com", "right password 1");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        fixture.Clock.Advance(-TimeSpan.FromMinutes(61));
    }

    [Fact]
    public async Task Forms_without_the_antiforgery_token_are_400_and_return_urls_stay_on_site()
    {
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        await CreateUserAsync(t, "csrf@example.com", "right password 2");
        using var browser = fixture.AnonymousClient(t, followRedirects: false);
        var forged = await browser.PostAsync("account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["email"] = "csrf@example.com",
            ["password"] = "right password 2",
        }));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var page = await browser.GetStringAsync("account/login");
        var evil = await browser.PostAsync("account/login", Form(page, new()
        {
            ["email"] = "csrf@example.com",
            ["password"] = "right password 2",
            ["returnUrl"] = "//evil.example/steal",
        }));
        evil.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        evil.Headers.Location!.ToString().ShouldBe("/");
    }

    [Fact]
    public async Task Sessions_end_after_the_absolute_timeout()
    {
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        await CreateUserAsync(t, "session@example.com", "right password 3", seller: true);
        using var browser = fixture.AnonymousClient(t, followRedirects: false);
        (await SignInAsync(browser, "session@example.com", "right password 3")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.GetAsync("dashboard")).StatusCode.ShouldBe(HttpStatusCode.OK);

        fixture.Clock.Advance(TimeSpan.FromDays(8));
        try
        {
            var expired = await browser.GetAsync("dashboard");
            expired.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            expired.Headers.Location!.ToString().ShouldStartWith("/account/login");
        }
        finally
        {
            fixture.Clock.Advance(-TimeSpan.FromDays(8));
        }
    }

    [Fact]
    public async Task A_password_is_reset_with_the_link_from_the_outbox()
    {
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        await CreateUserAsync(t, "forgot@example.com", "old password 12");
        using var browser = fixture.AnonymousClient(t);
        var page = await browser.GetStringAsync("account/forgot");
        var sent = await browser.PostAsync("account/forgot", Form(page, new() { ["email"] = "forgot@example.com" }));
        (await sent.Content.ReadAsStringAsync()).ShouldContain("If an account uses that address");
        var unknown = await browser.PostAsync("account/forgot", Form(page, new() { ["email"] = "nobody@example.com" }));
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("If an account uses that address");

        await using var connection = await fixture.Services.GetRequiredService<Database>().OpenAsync();
        var body = await connection.ExecuteScalarAsync<string>(
            "SELECT body FROM outbox_emails WHERE tenant_id = @Id AND recipient = 'forgot@example.com' AND subject = 'Reset your password'", new { t.Tenant.Id });
        var token = Uri.UnescapeDataString(TokenInLink().Match(body!).Groups[1].Value);
        var resetPage = await browser.GetStringAsync($"account/reset?token={Uri.EscapeDataString(token)}");
        var reset = await browser.PostAsync("account/reset", Form(resetPage, new() { ["token"] = token, ["password"] = "new password 34" }));
        (await reset.Content.ReadAsStringAsync()).ShouldContain("Your password was changed");
        var reused = await browser.PostAsync("account/reset", Form(resetPage, new() { ["token"] = token, ["password"] = "another password 5" }));
        reused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        using var fresh = fixture.AnonymousClient(t, followRedirects: false);
        (await SignInAsync(fresh, "forgot@example.com", "new password 34")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    private async Task CreateUserAsync(TenantClient t, string email, string password, bool seller = false)
    {
        using var browser = fixture.AnonymousClient(t);
        var page = await browser.GetStringAsync("account/signup");
        var response = await browser.PostAsync("account/signup", Form(page, new()
        {
            ["name"] = "Test Person",
            ["email"] = email,
            ["password"] = password,
            ["accountType"] = seller ? "seller" : "shopper",
            ["organisation"] = "Test Org",
            ["sellerKind"] = "dealer",
            ["postalCode"] = "10001",
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string email, string password)
    {
        var page = await browser.GetStringAsync("account/login");
        return await browser.PostAsync("account/login", Form(page, new() { ["email"] = email, ["password"] = password }));
    }

    /// <summary>The page's form fields plus the antiforgery token it carries, as a browser would post them.</summary>
    internal static FormUrlEncodedContent Form(string page, Dictionary<string, string> fields)
    {
        fields["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(AntiforgeryToken().Match(page).Groups[1].Value);
        return new FormUrlEncodedContent(fields);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    [GeneratedRegex(@"token=([^\s]+)")]
    private static partial Regex TokenInLink();
}

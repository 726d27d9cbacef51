using System.Diagnostics;
using System.Net;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Accounts;

/// <summary>Sessions ended on the server, sign-in under load, mail limits and answers that do not reveal who has an account.</summary>
public abstract class AccountSecurityTests(ServerFixture fixture)
{
    private const string Password = "correct horse battery";

    /// <summary>Three mails per address and hour; six failures lock an address; no per-address sign-in limit.</summary>
    internal static void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Mercato:Accounts:MailsPerAddressPerHour", "3");
        builder.UseSetting("Mercato:Accounts:SignInsPerAddressPerHour", "100000");
        builder.UseSetting("Mercato:Accounts:MaxFailedSignInsPerHour", "6");
        builder.UseSetting("Mercato:Accounts:SlowDownAfter", "3");
    }

    [SkippableFact]
    public async Task An_api_write_succeeds_promptly_during_a_flood_of_sign_ins()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync();
        var seller = await t.Http.CreateSellerAsync("FLOOD");
        await SignUpAsync(t, "known@example.com");
        using var browser = fixture.AnonymousClient(t, followRedirects: false);
        browser.Timeout = TimeSpan.FromMinutes(5);
        var page = await browser.GetStringAsync("account/login");

        // Half unknown addresses, half the known one with its right password: every attempt hashes a password.
        var flood = Enumerable.Range(0, 100).Select(i => Task.Run(() => browser.PostAsync("account/login", AccountsTests.Form(page, new()
        {
            ["email"] = i % 2 == 0 ? $"nobody{i}@example.com" : "known@example.com",
            ["password"] = i % 2 == 0 ? "wrong password" : Password,
        })))).ToList();

        var stopwatch = Stopwatch.StartNew();
        var write = await t.Http.PostJsonAsync("api/listings", ApiExtensions.Vehicle(seller, "DURING-FLOOD"));
        stopwatch.Stop();
        write.StatusCode.ShouldBe(HttpStatusCode.Created);
        // Generous: with sign-ins hashing inside the write transaction this waited for all of them (and timed out at 30 s).
        stopwatch.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(20));

        await Task.WhenAll(flood);
    }

    [SkippableFact]
    public async Task A_password_reset_signs_out_existing_sessions()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        using var victim = await SignUpAsync(t, "reset-me@example.com");
        (await victim.GetAsync("account")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var owner = fixture.AnonymousClient(t);
        var forgot = await owner.GetStringAsync("account/forgot");
        await owner.PostAsync("account/forgot", AccountsTests.Form(forgot, new() { ["email"] = "reset-me@example.com" }));
        var token = await ResetTokenAsync(t, "reset-me@example.com");
        var resetPage = await owner.GetStringAsync($"account/reset?token={Uri.EscapeDataString(token)}");
        var reset = await owner.PostAsync("account/reset", AccountsTests.Form(resetPage, new() { ["token"] = token, ["password"] = "a brand new password" }));
        (await reset.Content.ReadAsStringAsync()).ShouldContain("Your password was changed");

        var after = await victim.GetAsync("account");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        after.Headers.Location!.ToString().ShouldStartWith("/account/login");
    }

    [SkippableFact]
    public async Task A_session_cookie_replayed_after_sign_out_is_refused()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        await SignUpAsync(t, "replay@example.com");
        using var jar = new CookieJar(fixture.Factory.CreateClient(new WebApplicationFactoryClientOptions
        {
            BaseAddress = t.Http.BaseAddress!,
            AllowAutoRedirect = false,
            HandleCookies = false,
        }));
        var login = await jar.GetStringAsync("account/login");
        (await jar.PostAsync("account/login", AccountsTests.Form(login, new() { ["email"] = "replay@example.com", ["password"] = Password }))).StatusCode
            .ShouldBe(HttpStatusCode.Redirect);
        var stolen = jar.Cookies["mercato.session"];
        (await jar.ReplayAsync("account", stolen)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var account = await jar.GetStringAsync("account");
        (await jar.PostAsync("account/logout", AccountsTests.Form(account, []))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var replayed = await jar.ReplayAsync("account", stolen);
        replayed.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        replayed.Headers.Location!.ToString().ShouldStartWith("/account/login");
    }

    [SkippableFact]
    public async Task Signing_out_everywhere_ends_the_other_sessions()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        using var laptop = await SignUpAsync(t, "everywhere@example.com");
        using var phone = fixture.AnonymousClient(t, followRedirects: false);
        var login = await phone.GetStringAsync("account/login");
        await phone.PostAsync("account/login", AccountsTests.Form(login, new() { ["email"] = "everywhere@example.com", ["password"] = Password }));
        (await phone.GetAsync("account")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var account = await laptop.GetStringAsync("account");
        account.ShouldContain("Sign out everywhere");
        var done = await laptop.PostAsync("account/logout-everywhere", AccountsTests.Form(account, []));
        (await done.Content.ReadAsStringAsync()).ShouldContain("signed out on every device");

        (await phone.GetAsync("account")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await laptop.GetAsync("account")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [SkippableFact]
    public async Task A_loop_of_reset_requests_mails_an_address_three_times_then_answers_429()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        await SignUpAsync(t, "flooded@example.com");
        using var attacker = fixture.AnonymousClient(t);
        attacker.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var page = await attacker.GetStringAsync("account/forgot");
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 8; i++)
        {
            last = await attacker.PostAsync("account/forgot", AccountsTests.Form(page, new() { ["email"] = "flooded@example.com" }));
            statuses.Add(last.StatusCode);
        }

        statuses.ShouldBe([.. Enumerable.Repeat(HttpStatusCode.OK, 3), .. Enumerable.Repeat(HttpStatusCode.TooManyRequests, 5)]);
        last!.Headers.RetryAfter.ShouldNotBeNull();
        (await last.Content.ReadAsStringAsync()).ShouldContain("Too many attempts");
        (await MailCountAsync(t, "flooded@example.com", "Reset your password")).ShouldBe(3);

        // Another address is not held back by the flood.
        (await attacker.PostAsync("account/forgot", AccountsTests.Form(page, new() { ["email"] = "other@example.com" }))).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task Signing_up_with_a_taken_address_answers_like_a_new_account_and_mails_the_owner()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        using var first = fixture.AnonymousClient(t, followRedirects: false);
        var fresh = await PostSignUpAsync(first, "taken@example.com");
        using var second = fixture.AnonymousClient(t, followRedirects: false);
        var again = await PostSignUpAsync(second, "taken@example.com");

        again.StatusCode.ShouldBe(fresh.StatusCode);
        again.Headers.Location.ShouldBe(fresh.Headers.Location);
        (await again.Content.ReadAsStringAsync()).ShouldNotContain("exists");
        (await second.GetAsync("account")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await MailCountAsync(t, "taken@example.com", $"Someone tried to sign up at {t.Tenant.Name}")).ShouldBe(1);
        await using var connection = await fixture.Services.GetRequiredService<Database>().OpenAsync();
        (await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM users WHERE tenant_id = @Id AND email_normalized = 'TAKEN@EXAMPLE.COM'", new { t.Tenant.Id })).ShouldBe(1);
    }

    [SkippableFact]
    public async Task Unknown_addresses_slow_down_and_lock_exactly_like_existing_ones()
    {
        fixture.SkipIfUnavailable();
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        await SignUpAsync(t, "exists@example.com");
        using var browser = fixture.AnonymousClient(t, followRedirects: false);
        var page = await browser.GetStringAsync("account/login");

        async Task<List<string>> AttemptsAsync(string email)
        {
            var answers = new List<string>();
            for (var i = 0; i < 8; i++)
            {
                var response = await browser.PostAsync("account/login", AccountsTests.Form(page, new() { ["email"] = email, ["password"] = "not the password" }));
                var body = await response.Content.ReadAsStringAsync();
                answers.Add($"{(int)response.StatusCode} {(body.Contains("Too many failed attempts", StringComparison.Ordinal) ? "locked" : "invalid")}");
            }

            return answers;
        }

        var existing = await AttemptsAsync("exists@example.com");
        var unknown = await AttemptsAsync("does-not-exist@example.com");
        existing.ShouldContain("429 locked");
        unknown.ShouldBe(existing);
    }

    private async Task<HttpClient> SignUpAsync(TenantClient t, string email)
    {
        var browser = fixture.AnonymousClient(t, followRedirects: false);
        (await PostSignUpAsync(browser, email)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        return browser;
    }

    private static async Task<HttpResponseMessage> PostSignUpAsync(HttpClient browser, string email)
    {
        var page = await browser.GetStringAsync("account/signup");
        return await browser.PostAsync("account/signup", AccountsTests.Form(page, new()
        {
            ["name"] = "Test Person",
            ["email"] = email,
            ["password"] = Password,
            ["accountType"] = "shopper",
        }));
    }

    private async Task<long> MailCountAsync(TenantClient t, string recipient, string subject)
    {
        await using var connection = await fixture.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(*) FROM outbox_emails WHERE tenant_id = @Id AND recipient = @recipient AND subject = @subject", new { t.Tenant.Id, recipient, subject });
    }

    private async Task<string> ResetTokenAsync(TenantClient t, string recipient)
    {
        await using var connection = await fixture.Services.GetRequiredService<Database>().OpenAsync();
        var body = await connection.ExecuteScalarAsync<string>(
            "SELECT body FROM outbox_emails WHERE tenant_id = @Id AND recipient = @recipient AND subject = 'Reset your password' ORDER BY id DESC LIMIT 1",
            new { t.Tenant.Id, recipient });
        var start = body!.IndexOf("token=", StringComparison.Ordinal) + "token=".Length;
        return Uri.UnescapeDataString(body[start..].Split(' ', '\n')[0]);
    }
}

public sealed class AccountSecuritySqliteFixture() : ServerFixture(TestEngine.Sqlite)
{
    protected override void Configure(IWebHostBuilder builder) => AccountSecurityTests.Configure(builder);
}

public sealed class AccountSecurityPostgresFixture() : ServerFixture(TestEngine.Postgres)
{
    protected override void Configure(IWebHostBuilder builder) => AccountSecurityTests.Configure(builder);
}

public sealed class SqliteAccountSecurityTests(AccountSecuritySqliteFixture fixture) : AccountSecurityTests(fixture), IClassFixture<AccountSecuritySqliteFixture>;

public sealed class PostgresAccountSecurityTests(AccountSecurityPostgresFixture fixture) : AccountSecurityTests(fixture), IClassFixture<AccountSecurityPostgresFixture>;

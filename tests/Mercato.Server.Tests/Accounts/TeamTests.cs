using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Accounts;

/// <summary>Seller teams: owners invite staff by e-mail, staff work on listings but not on keys or the team, removal takes effect at once.</summary>
public sealed partial class TeamTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    [Fact]
    public async Task An_owner_invites_staff_who_join_with_a_new_account_and_lose_access_when_removed()
    {
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        using var owner = await fixture.SignUpSellerAsync(t, "owner@example.com", "Team Motors");
        var dashboard = await owner.GetStringAsync("dashboard");
        dashboard.ShouldContain("id=\"team\"");
        var sellerId = long.Parse(SellerInForm().Match(dashboard).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

        var bad = await owner.PostAsync($"dashboard/team/invite?seller={sellerId}", AccountsTests.Form(dashboard, new() { ["email"] = "not an address", ["role"] = "staff" }));
        (await bad.Content.ReadAsStringAsync()).ShouldContain("Not invited");
        var invited = await owner.PostAsync($"dashboard/team/invite?seller={sellerId}", AccountsTests.Form(dashboard, new() { ["email"] = "staff@example.com", ["role"] = "staff" }));
        (await invited.Content.ReadAsStringAsync()).ShouldContain("Invitation sent to staff@example.com");

        var token = await TokenSentToAsync(t, "staff@example.com");
        using var staff = fixture.AnonymousClient(t);
        var invitation = await staff.GetStringAsync($"account/invite?token={Uri.EscapeDataString(token)}");
        invitation.ShouldContain("Join Team Motors");
        var weak = await staff.PostAsync("account/invite", AccountsTests.Form(invitation, new() { ["token"] = token, ["name"] = "Sam Staff", ["password"] = "short" }));
        weak.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var joined = await staff.PostAsync("account/invite", AccountsTests.Form(invitation, new() { ["token"] = token, ["name"] = "Sam Staff", ["password"] = PageSessions.Password }));
        var staffDashboard = await joined.Content.ReadAsStringAsync();
        staffDashboard.ShouldContain("Welcome to Team Motors.");
        staffDashboard.ShouldContain("My listings");
        staffDashboard.ShouldNotContain("id=\"team\"");
        staffDashboard.ShouldNotContain("id=\"keys\"");

        // Staff may not create API keys, even by posting the form directly.
        var key = await staff.PostAsync($"dashboard/keys?seller={sellerId}", AccountsTests.Form(staffDashboard, new() { ["name"] = "sneaky" }));
        key.StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The link is single-use.
        using var again = fixture.AnonymousClient(t);
        (await again.GetAsync($"account/invite?token={Uri.EscapeDataString(token)}")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        dashboard = await owner.GetStringAsync($"dashboard?seller={sellerId}");
        dashboard.ShouldContain("Sam Staff");
        var staffId = StaffMember().Match(dashboard).Groups[1].Value;
        await owner.PostAsync($"dashboard/team/members/{staffId}/remove?seller={sellerId}", AccountsTests.Form(dashboard, []));
        (await staff.GetAsync($"dashboard?seller={sellerId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The last owner stays.
        var ownerId = OwnerMember().Match(dashboard).Groups[1].Value;
        var refused = await owner.PostAsync($"dashboard/team/members/{ownerId}/remove?seller={sellerId}", AccountsTests.Form(dashboard, []));
        (await refused.Content.ReadAsStringAsync()).ShouldContain("needs at least one owner");
    }

    [Fact]
    public async Task Someone_with_an_account_signs_in_to_accept_and_other_sellers_cannot_manage_the_team()
    {
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        using var owner = await fixture.SignUpSellerAsync(t, "boss@example.com", "Boss Cars");
        using var other = await fixture.SignUpSellerAsync(t, "other@example.com", "Other Cars");
        var dashboard = await owner.GetStringAsync("dashboard");
        var sellerId = SellerInForm().Match(dashboard).Groups[1].Value;
        await owner.PostAsync($"dashboard/team/invite?seller={sellerId}", AccountsTests.Form(dashboard, new() { ["email"] = "other@example.com", ["role"] = "owner" }));
        var token = await TokenSentToAsync(t, "other@example.com");

        // Another seller's owner cannot invite to, or see the team of, a seller they do not own.
        var otherDashboard = await other.GetStringAsync("dashboard");
        (await other.PostAsync($"dashboard/team/invite?seller={sellerId}", AccountsTests.Form(otherDashboard, new() { ["email"] = "x@example.com", ["role"] = "owner" })))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);

        using var stranger = fixture.AnonymousClient(t);
        var page = await stranger.GetStringAsync($"account/invite?token={Uri.EscapeDataString(token)}");
        page.ShouldContain("sign in first");
        var refused = await stranger.PostAsync("account/invite", AccountsTests.Form(page, new() { ["token"] = token, ["name"] = "Mallory", ["password"] = PageSessions.Password }));
        refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        page = await other.GetStringAsync($"account/invite?token={Uri.EscapeDataString(token)}");
        var joined = await other.PostAsync("account/invite", AccountsTests.Form(page, new() { ["token"] = token }));
        var body = await joined.Content.ReadAsStringAsync();
        body.ShouldContain("Welcome to Boss Cars.");
        body.ShouldContain("id=\"team\""); // joined as an owner
        (await other.GetStringAsync("dashboard")).ShouldContain($"href=\"/dashboard?seller={sellerId}\"");
    }

    private async Task<string> TokenSentToAsync(TenantClient t, string email)
    {
        await using var connection = await fixture.Services.GetRequiredService<Database>().OpenAsync();
        var body = await connection.ExecuteScalarAsync<string>(
            "SELECT body FROM outbox_emails WHERE tenant_id = @Id AND recipient = @email AND subject LIKE 'Join %' ORDER BY id DESC LIMIT 1", new { t.Tenant.Id, email });
        return Uri.UnescapeDataString(TokenInLink().Match(body!).Groups[1].Value);
    }

    [GeneratedRegex(@"token=([^\s]+)")]
    private static partial Regex TokenInLink();

    [GeneratedRegex("action=\"/dashboard/team/invite\\?seller=(\\d+)\"")]
    private static partial Regex SellerInForm();

    [GeneratedRegex("Sam Staff &lt;staff@example.com&gt;, staff\\s*<form method=\"post\" action=\"/dashboard/team/members/(\\d+)/remove")]
    private static partial Regex StaffMember();

    [GeneratedRegex("owner@example.com&gt;, owner\\s*<form method=\"post\" action=\"/dashboard/team/members/(\\d+)/remove")]
    private static partial Regex OwnerMember();
}

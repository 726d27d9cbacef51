using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Mercato.Server.Tests.Accounts;
using Mercato.Server.Tests.Infrastructure;

namespace Mercato.Server.Tests.Payments;

/// <summary>The seller's payments page: onboarding to Stripe Connect from the dashboard, then status, balance and payouts.</summary>
public abstract partial class StripePaymentTests
{
    [SkippableFact]
    public async Task A_seller_onboards_from_the_dashboard_payments_page_and_sees_its_status()
    {
        fixture.SkipIfUnavailable();
        await using var s = await StripeShop.OpenAsync(fixture);
        using var seller = await fixture.SignUpSellerAsync(s.Shop.T, "payments@example.com", "Pay Co");
        var sellerId = long.Parse(SellerParameter().Match(await seller.GetStringAsync("dashboard")).Groups[1].Value, CultureInfo.InvariantCulture);

        var page = await seller.GetStringAsync($"dashboard/payments?seller={sellerId}");
        page.ShouldContain("Connect with Stripe");
        (await seller.PostAsync($"dashboard/payments/onboard?seller={sellerId}", new FormUrlEncodedContent([]))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var response = await seller.PostAsync($"dashboard/payments/onboard?seller={sellerId}", AccountsTests.Form(page, []));
        // The client follows the redirect to Stripe's onboarding page (the emulator's), which it cannot reach through the test server.
        response.RequestMessage!.RequestUri!.ToString().ShouldStartWith(fixture.Emulator.ApiBase + "/connect/onboarding/acct_");
        var account = response.RequestMessage.RequestUri.Segments[^1];
        fixture.Emulator.SetAccountStatus(account, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true);
        await StripeShop.WaitForAsync(async () => (await seller.GetStringAsync($"dashboard/payments?seller={sellerId}")).Contains("<dd class=\"connect-charges\">enabled</dd>", StringComparison.Ordinal), "the page showing charges enabled");
        var done = await seller.GetStringAsync($"dashboard/payments?seller={sellerId}");
        done.ShouldContain(account);
        done.ShouldNotContain("Connect with Stripe");
        done.ShouldContain("No payouts yet.");

        (await seller.GetAsync($"dashboard/payments?seller={s.Shop.Maker}")).StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }

    [GeneratedRegex("name=\"seller\" value=\"(\\d+)\"")]
    private static partial Regex SellerParameter();
}

using Mercato.Server.Infrastructure;
using Mercato.Server.Pages.Shop;
using Mercato.Server.Payments;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Stripe;

namespace Mercato.Server.Pages.Dashboard;

/// <summary>One payout as the seller's payments page lists it.</summary>
public sealed record PayoutRow(long OrderId, long Amount, string Currency, string Status, string? TransferId, DateTimeOffset At);

/// <summary>The seller's Stripe Connect status (null account: not started), balance and payouts.</summary>
public sealed record DashboardPaymentsModel(
    ShopFrame Frame, Sellers.Seller Seller, bool StripeEnabled, string? AccountId, bool ChargesEnabled, bool PayoutsEnabled, bool DetailsSubmitted,
    IReadOnlyList<(string Currency, long Amount)> Balance, IReadOnlyList<PayoutRow> Payouts);

/// <summary>
/// <c>/dashboard/payments</c>: where a seller onboards to Stripe Connect (the button creates its Express account if it
/// has none and sends it to Stripe's onboarding, which returns here), and sees its status, balance and payouts.
/// </summary>
internal static class DashboardPayments
{
    public static async Task<IResult> ShowAsync(HttpContext http, Tenant tenant, Database database, PaymentSettingsStore settings, string? notice, string? error, CancellationToken ct)
    {
        var seller = DashboardSeller.Of(http);
        var stripe = await settings.GetAsync(tenant.Id, ct);
        await using var connection = await database.OpenAsync(ct);
        var account = await StripeStore.AccountAsync(connection, null, tenant.Id, seller.Id);
        var balance = await Ledger.SellerBalanceAsync(connection, tenant.Id, seller.Id);
        var payouts = await StripeConnect.PayoutsAsync(connection, tenant.Id, seller.Id);
        var model = new DashboardPaymentsModel(
            ShopEndpoints.Frame(http, tenant, notice, error), seller, stripe.StripeConfigured && stripe.Provider == StripePaymentProvider.ProviderName,
            account?.AccountId, account?.ChargesEnabled == 1, account?.PayoutsEnabled == 1, account?.DetailsSubmitted == 1,
            balance.Select(b => (b.Key, b.Value)).ToList(),
            payouts.Select(p => new PayoutRow(p.OrderId, p.Amount, p.Currency, p.Status, p.TransferId, p.CreatedAt)).ToList());
        return new RazorComponentResult<DashboardPaymentsPage>(new { Model = model });
    }

    public static async Task<IResult> OnboardAsync(HttpContext http, Tenant tenant, Database database, StripeClients clients, TimeProvider time, CancellationToken ct)
    {
        var seller = DashboardSeller.Of(http);
        var back = $"/dashboard/payments?seller={seller.Id}";
        if ((await clients.ForTenantAsync(tenant.Id, ct)).Client is not { } client)
        {
            return Results.Redirect($"{back}&error={Uri.EscapeDataString("This marketplace does not take payments through Stripe.")}");
        }

        try
        {
            await using var connection = await database.OpenAsync(ct);
            var account = await StripeStore.AccountAsync(connection, null, tenant.Id, seller.Id);
            if (account is null)
            {
                await StripeStore.SaveAccountAsync(connection, null, tenant.Id, seller.Id, await StripeConnect.CreateExpressAsync(client, tenant.Id, seller.Id, ct), time.GetUtcNow());
                account = await StripeStore.AccountAsync(connection, null, tenant.Id, seller.Id);
            }

            var link = await StripeConnect.LinkAsync(client, account!.AccountId, $"{http.Request.Scheme}://{http.Request.Host}{back}", ct);
            return Results.Redirect(link.Url);
        }
        catch (StripeException exception)
        {
            return Results.Redirect($"{back}&error={Uri.EscapeDataString("Stripe refused: " + (exception.StripeError?.Message ?? exception.Message))}");
        }
    }
}

using System.Globalization;
using System.Text;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Payments;

internal static class PaymentsEndpoints
{
    public static IEndpointRouteBuilder MapPaymentsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api").WithTags("Payments");
        group.MapGet("/sellers/{sellerId:long}/balance", BalanceAsync)
            .WithSummary("A seller's balance")
            .WithDescription("What the marketplace owes the seller per currency (minor units): payments less fees and tax, less refunds. Sellers see their own; administrators any.");
        group.MapGet("/ledger/reconciliation", ReconciliationAsync)
            .WithSummary("Daily reconciliation report")
            .WithDescription("Per currency and account, the debits, credits and net of one UTC day (`date=YYYY-MM-DD`, default today), and the imbalance (always 0). `format=csv` for CSV. Administrators only.");
        var payments = routes.MapGroup("/api/payments").WithTags("Payments");
        payments.MapGet("/settings", PaymentSettingsEndpoints.GetAsync)
            .WithSummary("The marketplace's payment settings")
            .WithDescription("Provider of new orders, payout hold, refund policy, and whether Stripe keys are set (never the keys). Administrators only.");
        payments.MapPut("/settings", PaymentSettingsEndpoints.PutAsync)
            .WithSummary("Choose the payment provider, payout hold and refund policy")
            .WithDescription("`provider` manual or stripe (stripe needs its keys first), `payoutHoldDays` 0 to 365, `refundPolicy` with `reverseTransfer` and `refundApplicationFee`. Administrators only.")
            .Accepts<PaymentSettingsBody>("application/json");
        payments.MapPut("/stripe/settings", PaymentSettingsEndpoints.PutStripeAsync)
            .WithSummary("Set the Stripe keys")
            .WithDescription("`secretKey` (sk_… or rk_…) and `webhookSecret` (whsec_…), stored encrypted with data protection and never returned. Administrators only.")
            .Accepts<StripeSettingsBody>("application/json");
        payments.MapPost("/stripe/webhook", StripeWebhook.ReceiveAsync)
            .WithSummary("Stripe webhook")
            .WithDescription("Verifies `Stripe-Signature` (300 s tolerance), stores the event once by id and processes it in a job. A duplicate is 200 and does nothing; a bad or stale signature is 400.");
        payments.MapPost("/payouts/run", Payouts.RunEndpointAsync)
            .WithSummary("Pay out what is due now")
            .WithDescription("Pays every order's seller payable older than the hold: a Connect transfer (Stripe) or recorded as paid (manual). Never twice. Administrators only." + " Send `Idempotency-Key` to make a retry safe.")
            .WithIdempotency();
        group.MapPost("/sellers/{sellerId:long}/stripe/account", StripeConnect.CreateAccountAsync)
            .WithSummary("Create or link the seller's Stripe Connect account")
            .WithDescription("Creates an Express account (or links `accountId`, which Stripe must know). Answers the existing one when there is one.")
            .Accepts<ConnectAccountBody>("application/json")
            .WithIdempotency();
        group.MapPost("/sellers/{sellerId:long}/stripe/onboarding-link", StripeConnect.OnboardingLinkAsync)
            .WithSummary("A Stripe onboarding link for the seller")
            .WithDescription("A one-time Stripe page where the seller submits its details; it returns to /dashboard/payments.");
        group.MapGet("/sellers/{sellerId:long}/payments", StripeConnect.GetAsync)
            .WithSummary("A seller's payments: Connect status, balance and payouts");
        return routes;
    }

    private static async Task<Results<Ok<SellerBalance>, ProblemHttpResult>> BalanceAsync(
        long sellerId, Tenant tenant, Caller caller, Database database, CancellationToken cancellationToken)
    {
        if (!caller.IsAuthenticated)
        {
            return Access.Unauthenticated();
        }

        if (!caller.CanManage(sellerId))
        {
            return Problems.NotFound($"Seller {sellerId} does not exist.");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var balances = await Ledger.SellerBalanceAsync(connection, tenant.Id, sellerId);
        return TypedResults.Ok(new SellerBalance(sellerId, balances.Select(b => new CurrencyAmount(b.Key, b.Value)).ToList()));
    }

    private static async Task<Results<Ok<ReconciliationReport>, ContentHttpResult, ProblemHttpResult>> ReconciliationAsync(
        string? date, string? format, Tenant tenant, Caller caller, Database database, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin)
        {
            return caller.IsAuthenticated ? Access.AdminOnly() : Access.Unauthenticated();
        }

        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (date is not null && !DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return Problems.Field("date", "must be a date as YYYY-MM-DD");
        }

        if (format is not (null or "json" or "csv"))
        {
            return Problems.Field("format", "must be json or csv");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await Ledger.DayAsync(connection, tenant.Id, day);
        var imbalance = rows.GroupBy(r => r.Currency).Sum(g => Math.Abs(g.Sum(r => r.Net)));
        if (format == "csv")
        {
            var csv = new StringBuilder("date,currency,account,debits,credits,net\n");
            foreach (var row in rows)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd},{row.Currency},{row.Account},{row.Debits},{row.Credits},{row.Net}\n");
            }

            return TypedResults.Text(csv.ToString(), "text/csv; charset=utf-8");
        }

        return TypedResults.Ok(new ReconciliationReport(day, rows, imbalance));
    }
}

internal sealed record CurrencyAmount(string Currency, long Amount);

internal sealed record SellerBalance(long SellerId, IReadOnlyList<CurrencyAmount> Payable);

internal sealed record ReconciliationReport(DateOnly Date, IReadOnlyList<ReconciliationRow> Accounts, long Imbalance);

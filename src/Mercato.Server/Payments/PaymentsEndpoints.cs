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

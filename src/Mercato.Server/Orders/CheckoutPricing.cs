using System.Data.Common;
using Dapper;
using Mercato.Server.Infrastructure;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Orders;

internal sealed record QuotedLine(BuyableListing Listing, long Quantity, long UnitAmount);

internal sealed record OrderQuote(long SellerId, OrderProcess Process, IReadOnlyList<QuotedLine> Lines, long Subtotal, long Tax, long Shipping, long Fee)
{
    public long Total => Subtotal + Tax + Shipping;
}

/// <summary>
/// Splits a cart into orders (one per seller and process) and prices them: vehicles take a deposit (a percentage of
/// the price) without tax or shipping; physical goods pay the seller's flat shipping once per order; tax is the
/// tenant's rate for the buyer's country/region on the goods; the platform fee is the commission percentage of each
/// line (the category's rule, else the tenant's) plus the largest fixed amount of the rules that applied, at most the
/// seller's share.
/// </summary>
internal sealed class CheckoutPricing(Database database, IOptions<OrdersOptions> options)
{
    public async Task<IReadOnlyList<OrderQuote>> QuoteAsync(
        DbConnection connection, DbTransaction? transaction, long tenantId, string country, string? region, string currency, IReadOnlyList<(CartLine Line, BuyableListing Listing)> lines)
    {
        // One round trip for the three rate tables: the tax rate (the region's row wins), the commission rules of the
        // cart's categories and the fallback (category 0), the flat shipping of the cart's sellers.
        var rows = await connection.QueryAsync<(long Kind, long Key, long A, long B)>(
            $"""
            SELECT 0, 0, rate_bp, 0 FROM (
                SELECT rate_bp FROM commerce_tax_rates WHERE tenant_id = @tenantId AND country = @country AND region IN ('', @region) ORDER BY region DESC LIMIT 1) t
            UNION ALL
            SELECT 1, category_id, percent_bp, fixed_minor FROM commerce_commissions WHERE tenant_id = @tenantId AND {database.In("category_id", "@categories")}
            UNION ALL
            SELECT 2, seller_id, amount, 0 FROM commerce_shipping_rates WHERE tenant_id = @tenantId AND currency = @currency AND {database.In("seller_id", "@sellers")}
            """,
            new
            {
                tenantId,
                country,
                region = region ?? "",
                currency,
                categories = lines.Select(l => l.Listing.CategoryId).Append(0).Distinct().ToArray(),
                sellers = lines.Select(l => l.Listing.SellerId).Distinct().ToArray(),
            },
            transaction);
        var taxRate = rows.Where(r => r.Kind == 0).Select(r => r.A).FirstOrDefault();
        var rules = rows.Where(r => r.Kind == 1).ToDictionary(r => r.Key, r => (Percent: r.A, Fixed: r.B));
        var shipping = rows.Where(r => r.Kind == 2).ToDictionary(r => r.Key, r => r.A);

        var quotes = new List<OrderQuote>();
        foreach (var group in lines.GroupBy(l => (l.Listing.SellerId, Process: OrderProcesses.ForVertical(l.Listing.Vertical).Name)))
        {
            var process = OrderProcesses.Get(group.Key.Process);
            var isVehicle = process == OrderProcesses.VehicleDeposit;
            var quoted = group.Select(l => new QuotedLine(
                l.Listing, l.Line.Quantity, isVehicle ? Deposit(l.Line.UnitAmount) : l.Line.UnitAmount)).ToList();
            var subtotal = quoted.Sum(l => l.Quantity * l.UnitAmount);
            var tax = isVehicle ? 0 : Percent(subtotal, taxRate);
            var ship = process == OrderProcesses.Physical ? shipping.GetValueOrDefault(group.Key.SellerId) : 0;
            long fee = 0, fixedFee = 0;
            foreach (var line in quoted)
            {
                if (rules.TryGetValue(line.Listing.CategoryId, out var rule) || rules.TryGetValue(0, out rule))
                {
                    fee += Percent(line.Quantity * line.UnitAmount, rule.Percent);
                    fixedFee = Math.Max(fixedFee, rule.Fixed);
                }
            }

            quotes.Add(new OrderQuote(group.Key.SellerId, process, quoted, subtotal, tax, ship, Math.Min(fee + fixedFee, subtotal + ship)));
        }

        return quotes;
    }

    /// <summary>What reserving a vehicle of this price takes now.</summary>
    public long Deposit(long price) => Math.Max(1, price * options.Value.VehicleDepositPercent / 100);

    /// <summary>basis points of an amount, rounded half up.</summary>
    private static long Percent(long amount, long basisPoints) => (long)(((Int128)amount * basisPoints + 5_000) / 10_000);
}

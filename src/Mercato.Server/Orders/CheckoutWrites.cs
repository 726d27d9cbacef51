using System.Data.Common;
using System.Globalization;
using System.Text;
using Dapper;

namespace Mercato.Server.Orders;

/// <summary>An order as checkout wrote it, with its id: the response is built from these, not read back.</summary>
internal sealed record PlacedOrder(long Id, OrderQuote Quote);

/// <summary>
/// The statements of a checkout, few and batched: a checkout is the hottest write path, and on PostgreSQL every
/// statement is a round trip inside the transaction that holds the stock rows' locks. The orders of a purchase are
/// one multi-row insert; their lines, reservations and first transitions, with the emptied cart, one more command.
/// </summary>
internal static class CheckoutWrites
{
    public static async Task<long> InsertPurchaseAsync(
        DbConnection connection, DbTransaction transaction, long tenantId, Buyer buyer, string buyerEmail, string currency, long total, string country, string region, DateTimeOffset now) =>
        await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO purchases (tenant_id, buyer_user_id, buyer_token_hash, buyer_email, currency, total, country, region, created_at)
            VALUES (@tenantId, @UserId, @TokenHash, @buyerEmail, @currency, @total, @country, @region, @now) RETURNING id
            """,
            new { tenantId, buyer.UserId, buyer.TokenHash, buyerEmail, currency, total, country, region, now },
            transaction);

    /// <summary>One row per quote; the ids come back matched by (seller, process), which is unique within a purchase.</summary>
    public static async Task<IReadOnlyList<PlacedOrder>> InsertOrdersAsync(
        DbConnection connection, DbTransaction transaction, long tenantId, long purchaseId, Buyer buyer, string buyerEmail, string provider, string currency,
        IReadOnlyList<OrderQuote> quotes, DateTimeOffset now)
    {
        var sql = new StringBuilder(
            """
            INSERT INTO orders (tenant_id, purchase_id, seller_id, buyer_user_id, buyer_token_hash, buyer_email, process, state, provider, currency,
                                subtotal, tax, shipping, total, platform_fee, paid, refunded, version, created_at, updated_at)
            VALUES
            """);
        var parameters = new DynamicParameters(new { tenantId, purchaseId, buyer.UserId, buyer.TokenHash, buyerEmail, provider, currency, now });
        for (var i = 0; i < quotes.Count; i++)
        {
            var q = quotes[i];
            sql.Append(CultureInfo.InvariantCulture, $"{(i == 0 ? "" : ",")}\n(@tenantId, @purchaseId, @s{i}, @UserId, @TokenHash, @buyerEmail, @p{i}, @st{i}, @provider, @currency, @sub{i}, @tax{i}, @ship{i}, @tot{i}, @fee{i}, 0, 0, 1, @now, @now)");
            parameters.Add($"s{i}", q.SellerId);
            parameters.Add($"p{i}", q.Process.Name);
            parameters.Add($"st{i}", q.Process.Initial);
            parameters.Add($"sub{i}", q.Subtotal);
            parameters.Add($"tax{i}", q.Tax);
            parameters.Add($"ship{i}", q.Shipping);
            parameters.Add($"tot{i}", q.Total);
            parameters.Add($"fee{i}", q.Fee);
        }

        sql.Append("\nRETURNING id, seller_id, process");
        var ids = (await connection.QueryAsync<(long Id, long SellerId, string Process)>(sql.ToString(), parameters, transaction))
            .ToDictionary(r => (r.SellerId, r.Process), r => r.Id);
        return quotes.Select(q => new PlacedOrder(ids[(q.SellerId, q.Process.Name)], q)).ToList();
    }

    /// <summary>Lines, stock reservations (for tracked lines), the first transition of every order, and the cart emptied: one command.</summary>
    public static async Task InsertDetailsAsync(
        DbConnection connection, DbTransaction transaction, long tenantId, IReadOnlyList<PlacedOrder> orders, IReadOnlySet<long> tracked,
        long holdUntil, string actor, string actorId, long cartId, DateTimeOffset now)
    {
        var parameters = new DynamicParameters(new { tenantId, holdUntil, actor, actorId, cartId, now });
        var lines = new StringBuilder("INSERT INTO order_lines (tenant_id, order_id, listing_id, category_id, title, quantity, unit_amount, stock_held) VALUES");
        var holds = new StringBuilder("INSERT INTO stock_reservations (tenant_id, order_id, listing_id, quantity, state, expires_at) VALUES");
        var history = new StringBuilder("INSERT INTO order_transitions (tenant_id, order_id, transition, from_state, to_state, actor, actor_id, detail, at) VALUES");
        var (n, h) = (0, 0);
        for (var o = 0; o < orders.Count; o++)
        {
            var order = orders[o];
            parameters.Add($"o{o}", order.Id);
            parameters.Add($"to{o}", order.Quote.Process.Initial);
            history.Append(CultureInfo.InvariantCulture, $"{(o == 0 ? "" : ",")}\n(@tenantId, @o{o}, 'place', NULL, @to{o}, @actor, @actorId, NULL, @now)");
            foreach (var line in order.Quote.Lines)
            {
                var held = tracked.Contains(line.Listing.Id);
                parameters.Add($"l{n}", line.Listing.Id);
                parameters.Add($"c{n}", line.Listing.CategoryId);
                parameters.Add($"t{n}", line.Listing.Title);
                parameters.Add($"q{n}", line.Quantity);
                parameters.Add($"u{n}", line.UnitAmount);
                lines.Append(CultureInfo.InvariantCulture, $"{(n == 0 ? "" : ",")}\n(@tenantId, @o{o}, @l{n}, @c{n}, @t{n}, @q{n}, @u{n}, {(held ? 1 : 0)})");
                if (held)
                {
                    holds.Append(CultureInfo.InvariantCulture, $"{(h++ == 0 ? "" : ",")}\n(@tenantId, @o{o}, @l{n}, @q{n}, 'held', @holdUntil)");
                }

                n++;
            }
        }

        var sql = lines.Append(";\n").Append(history).Append(";\n");
        if (h > 0)
        {
            sql.Append(holds).Append(";\n");
        }

        sql.Append("DELETE FROM cart_lines WHERE cart_id = @cartId");
        await connection.ExecuteAsync(sql.ToString(), parameters, transaction);
    }
}

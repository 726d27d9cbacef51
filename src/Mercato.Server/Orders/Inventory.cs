using System.Data.Common;
using Dapper;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Orders;

internal sealed record StockRequest(long Available);

internal sealed record StockView(long ListingId, bool Tracked, long? Available, long? Reserved, long? Free, string Status);

/// <summary>
/// Stock per listing. A product without a stock row is not tracked (digital goods, or a seller who does not count);
/// a vehicle gets a row of one at its first checkout (one of a kind).
///
/// Zero oversell: checkout reserves with one conditional statement,
/// <c>UPDATE stock SET reserved = reserved + q WHERE ... AND available - reserved &gt;= q</c>, and fails the checkout
/// when it changed no row. The check and the change are one statement on one row, so two buyers cannot both pass the
/// check on the same units: PostgreSQL locks the row for the update and re-evaluates the condition on the newest
/// version after a concurrent writer commits (READ COMMITTED's EvalPlanQual), and SQLite runs one write transaction at a
/// time (BEGIN IMMEDIATE). The CHECK constraint <c>reserved &lt;= available</c> is the last line of defence.
/// </summary>
internal static class Inventory
{
    /// <summary>Holds <paramref name="quantity"/> units. True when held or untracked; false when not enough is free.</summary>
    public static async Task<(bool Ok, bool Tracked)> ReserveAsync(DbConnection connection, DbTransaction transaction, long tenantId, BuyableListing listing, long quantity)
    {
        if (CartStore.IsOneOfAKind(listing))
        {
            await connection.ExecuteAsync(
                "INSERT INTO stock (tenant_id, listing_id, available, reserved) VALUES (@tenantId, @Id, 1, 0) ON CONFLICT DO NOTHING",
                new { tenantId, listing.Id }, transaction);
        }

        var changed = await connection.ExecuteAsync(
            "UPDATE stock SET reserved = reserved + @quantity WHERE tenant_id = @tenantId AND listing_id = @Id AND available - reserved >= @quantity",
            new { tenantId, listing.Id, quantity }, transaction);
        if (changed == 1)
        {
            return (true, true);
        }

        var tracked = await connection.ExecuteScalarAsync<long?>(
            "SELECT available FROM stock WHERE tenant_id = @tenantId AND listing_id = @Id", new { tenantId, listing.Id }, transaction) is not null;
        return (!tracked, tracked);
    }

    /// <summary>Sets a listing's stock where nothing is held yet (a seller's first count, the demo's products).</summary>
    public static Task SetAsync(DbConnection connection, DbTransaction transaction, long tenantId, long listingId, long available) =>
        connection.ExecuteAsync(
            """
            INSERT INTO stock (tenant_id, listing_id, available, reserved) VALUES (@tenantId, @listingId, @available, 0)
            ON CONFLICT (tenant_id, listing_id) DO UPDATE SET available = excluded.available WHERE stock.reserved <= excluded.available
            """,
            new { tenantId, listingId, available }, transaction);

    /// <summary>Sold: the held units leave the stock. Only reservations still held move, so this happens once.</summary>
    public static Task CommitAsync(DbConnection connection, DbTransaction transaction, long tenantId, long orderId) =>
        MoveAsync(connection, transaction, tenantId, orderId, "committed", "available = available - r.quantity, reserved = reserved - r.quantity");

    /// <summary>Released (expired, cancelled, refunded before completion): the held units are free again, once.</summary>
    public static Task ReleaseAsync(DbConnection connection, DbTransaction transaction, long tenantId, long orderId) =>
        MoveAsync(connection, transaction, tenantId, orderId, "released", "reserved = reserved - r.quantity");

    private static async Task MoveAsync(DbConnection connection, DbTransaction transaction, long tenantId, long orderId, string state, string change)
    {
        var held = (await connection.QueryAsync<(long Id, long ListingId, long Quantity)>(
            "SELECT id, listing_id, quantity FROM stock_reservations WHERE tenant_id = @tenantId AND order_id = @orderId AND state = 'held'",
            new { tenantId, orderId }, transaction)).ToList();
        foreach (var (id, listingId, quantity) in held)
        {
            if (await connection.ExecuteAsync("UPDATE stock_reservations SET state = @state WHERE id = @id AND state = 'held'", new { id, state }, transaction) == 1)
            {
                await connection.ExecuteAsync(
                    $"UPDATE stock SET {change.Replace("r.quantity", "@quantity", StringComparison.Ordinal)} WHERE tenant_id = @tenantId AND listing_id = @listingId",
                    new { tenantId, listingId, quantity }, transaction);
            }
        }
    }

    public static async Task<Results<Ok<StockView>, ProblemHttpResult>> GetAsync(long id, Tenant tenant, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var listing = await CartStore.FindListingAsync(connection, null, tenant.Id, id);
        if (listing is null)
        {
            return Problems.NotFound($"Listing {id} does not exist or is not for sale.");
        }

        return TypedResults.Ok(await ViewAsync(connection, null, tenant.Id, listing));
    }

    public static async Task<Results<Ok<StockView>, ProblemHttpResult>> PutAsync(
        long id, HttpContext http, Tenant tenant, Caller caller, Database database, CancellationToken cancellationToken)
    {
        if (!caller.IsAuthenticated)
        {
            return Access.Unauthenticated();
        }

        var (body, problem) = await RequestBody.ReadAsync<StockRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Available is < 0 or > 1_000_000_000)
        {
            return Problems.Field("available", "must be 0 to 1000000000");
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var listing = await connection.QuerySingleOrDefaultAsync<BuyableListing>(
            """
            SELECT l.id, l.seller_id AS SellerId, l.category_id AS CategoryId, l.title, l.price_amount AS PriceAmount, l.price_currency AS PriceCurrency, c.vertical
            FROM listings l JOIN categories c ON c.id = l.category_id WHERE l.tenant_id = @tenantId AND l.id = @id
            """,
            new { tenantId = tenant.Id, id }, transaction);
        if (listing is null || !caller.CanManage(listing.SellerId))
        {
            return Problems.NotFound($"Listing {id} does not exist.");
        }

        if (CartStore.IsOneOfAKind(listing) && body.Available > 1)
        {
            return Problems.Field("available", "a vehicle is one of a kind: 0 or 1");
        }

        // Never below what orders hold: the conditional form keeps a concurrent checkout's reservation intact.
        var changed = await connection.ExecuteAsync(
            """
            INSERT INTO stock (tenant_id, listing_id, available, reserved) VALUES (@tenantId, @id, @Available, 0)
            ON CONFLICT (tenant_id, listing_id) DO UPDATE SET available = excluded.available WHERE stock.reserved <= excluded.available
            """,
            new { tenantId = tenant.Id, id, body.Available }, transaction);
        if (changed == 0)
        {
            return Problems.Conflict("Stock is held", "Orders waiting for payment hold more units than that; wait for them or cancel them first.");
        }

        var view = await ViewAsync(connection, transaction, tenant.Id, listing);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(view);
    }

    internal static async Task<StockView> ViewAsync(DbConnection connection, DbTransaction? transaction, long tenantId, BuyableListing listing)
    {
        var row = await connection.QuerySingleOrDefaultAsync<StockRow>(
            "SELECT available, reserved FROM stock WHERE tenant_id = @tenantId AND listing_id = @Id", new { tenantId, listing.Id }, transaction);
        if (row is not { } stock)
        {
            return new StockView(listing.Id, false, null, null, null, "available");
        }

        var free = stock.Available - stock.Reserved;
        var status = free > 0 ? "available" : stock.Reserved > 0 ? "reserved" : "sold_out";
        return new StockView(listing.Id, true, stock.Available, stock.Reserved, free, status);
    }

    private sealed record StockRow(long Available, long Reserved);
}

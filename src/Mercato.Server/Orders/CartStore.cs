using System.Data.Common;
using Dapper;
using Mercato.Server.Catalog;

namespace Mercato.Server.Orders;

/// <summary>A listing as carts and checkout see it: only listings shoppers may see and buy (active, not held, seller active).</summary>
internal sealed record BuyableListing(long Id, long SellerId, long CategoryId, string Title, long? PriceAmount, string? PriceCurrency, string Vertical);

internal sealed record CartLine(long ListingId, long Quantity, long UnitAmount, string Currency);

/// <summary>Carts kept in the database, per signed-in user or per guest token.</summary>
internal sealed class CartStore(TimeProvider time, ILogger<CartStore> logger)
{
    private const string BuyableSql =
        """
        SELECT l.id, l.seller_id AS SellerId, l.category_id AS CategoryId, l.title, l.price_amount AS PriceAmount, l.price_currency AS PriceCurrency, c.vertical
        FROM listings l
        JOIN sellers s ON s.id = l.seller_id
        JOIN categories c ON c.id = l.category_id
        LEFT JOIN listing_holds h ON h.listing_id = l.id
        WHERE l.tenant_id = @tenantId AND l.status = 'active' AND h.listing_id IS NULL AND s.status = 'active'
        """;

    /// <summary>
    /// The cart's lines with their listings as checkout needs them, in one query; a listing no longer for sale comes
    /// back as null (the same conditions as <see cref="BuyableSql"/>).
    /// </summary>
    public static async Task<IReadOnlyList<(CartLine Line, BuyableListing? Listing)>> CheckoutLinesAsync(DbConnection connection, DbTransaction transaction, long tenantId, long cartId)
    {
        var rows = await connection.QueryAsync<CheckoutLineRow>(
            """
            SELECT cl.listing_id AS ListingId, cl.quantity, cl.unit_amount AS UnitAmount, cl.currency,
                   l.id AS Id, l.seller_id AS SellerId, l.category_id AS CategoryId, l.title, l.price_amount AS PriceAmount, l.price_currency AS PriceCurrency, c.vertical
            FROM cart_lines cl
            LEFT JOIN listings l ON l.id = cl.listing_id AND l.tenant_id = @tenantId AND l.status = 'active'
                AND NOT EXISTS (SELECT 1 FROM listing_holds h WHERE h.listing_id = l.id)
                AND EXISTS (SELECT 1 FROM sellers s WHERE s.id = l.seller_id AND s.status = 'active')
            LEFT JOIN categories c ON c.id = l.category_id
            WHERE cl.cart_id = @cartId
            ORDER BY cl.added_at, cl.listing_id
            """,
            new { tenantId, cartId }, transaction);
        return rows.Select(r => (
            new CartLine(r.ListingId, r.Quantity, r.UnitAmount, r.Currency),
            r.Id is { } id ? new BuyableListing(id, r.SellerId!.Value, r.CategoryId!.Value, r.Title!, r.PriceAmount, r.PriceCurrency, r.Vertical!) : null)).ToList();
    }

    private sealed record CheckoutLineRow(
        long ListingId, long Quantity, long UnitAmount, string Currency, long? Id, long? SellerId, long? CategoryId, string? Title, long? PriceAmount, string? PriceCurrency, string? Vertical);

    public static Task<BuyableListing?> FindListingAsync(DbConnection connection, DbTransaction? transaction, long tenantId, long listingId) =>
        connection.QuerySingleOrDefaultAsync<BuyableListing>(BuyableSql + " AND l.id = @listingId", new { tenantId, listingId }, transaction);

    /// <summary>
    /// The buyer's cart, or null. A signed-in buyer who still holds a guest cart gets it merged into the account's
    /// cart here (quantities add up), so sign-in needs no hook and the guest cart is gone afterwards.
    /// </summary>
    public async Task<long?> FindAsync(DbConnection connection, DbTransaction transaction, long tenantId, Buyer buyer, bool create)
    {
        long? guest = buyer.TokenHash is null ? null : await connection.ExecuteScalarAsync<long?>(
            "SELECT id FROM carts WHERE tenant_id = @tenantId AND token_hash = @TokenHash AND user_id IS NULL", new { tenantId, buyer.TokenHash }, transaction);
        if (buyer.UserId is not { } userId)
        {
            return guest ?? (create && buyer.TokenHash is not null ? await CreateAsync(connection, transaction, tenantId, null, buyer.TokenHash) : null);
        }

        var own = await connection.ExecuteScalarAsync<long?>(
            "SELECT id FROM carts WHERE tenant_id = @tenantId AND user_id = @userId", new { tenantId, userId }, transaction);
        if (guest is { } guestCart)
        {
            own ??= await CreateAsync(connection, transaction, tenantId, userId, null);
            await connection.ExecuteAsync(
                """
                INSERT INTO cart_lines (cart_id, tenant_id, listing_id, quantity, unit_amount, currency, added_at)
                SELECT @own, tenant_id, listing_id, quantity, unit_amount, currency, added_at FROM cart_lines WHERE cart_id = @guestCart
                ON CONFLICT (cart_id, listing_id) DO UPDATE SET quantity = cart_lines.quantity + excluded.quantity
                """,
                new { own, guestCart }, transaction);
            await connection.ExecuteAsync("DELETE FROM carts WHERE id = @guestCart", new { guestCart }, transaction);
            OrdersLog.CartMerged(logger, guestCart, userId);
        }

        return own ?? (create ? await CreateAsync(connection, transaction, tenantId, userId, null) : null);
    }

    private async Task<long> CreateAsync(DbConnection connection, DbTransaction transaction, long tenantId, long? userId, string? tokenHash)
    {
        var now = time.GetUtcNow();
        return await connection.ExecuteScalarAsync<long>(
            "INSERT INTO carts (tenant_id, user_id, token_hash, created_at, updated_at) VALUES (@tenantId, @userId, @tokenHash, @now, @now) RETURNING id",
            new { tenantId, userId, tokenHash, now }, transaction);
    }

    public static async Task<IReadOnlyList<CartLine>> LinesAsync(DbConnection connection, DbTransaction? transaction, long cartId) =>
        (await connection.QueryAsync<CartLine>(
            "SELECT listing_id AS ListingId, quantity, unit_amount AS UnitAmount, currency FROM cart_lines WHERE cart_id = @cartId ORDER BY added_at, listing_id",
            new { cartId }, transaction)).AsList();

    public async Task SetLineAsync(DbConnection connection, DbTransaction transaction, long tenantId, long cartId, long listingId, long quantity, long unitAmount, string currency)
    {
        var now = time.GetUtcNow();
        await connection.ExecuteAsync(
            """
            INSERT INTO cart_lines (cart_id, tenant_id, listing_id, quantity, unit_amount, currency, added_at)
            VALUES (@cartId, @tenantId, @listingId, @quantity, @unitAmount, @currency, @now)
            ON CONFLICT (cart_id, listing_id) DO UPDATE SET quantity = excluded.quantity, unit_amount = excluded.unit_amount
            """,
            new { cartId, tenantId, listingId, quantity, unitAmount, currency, now }, transaction);
        await connection.ExecuteAsync("UPDATE carts SET updated_at = @now WHERE id = @cartId", new { cartId, now }, transaction);
    }

    public static Task<int> RemoveLineAsync(DbConnection connection, DbTransaction transaction, long cartId, long listingId) =>
        connection.ExecuteAsync("DELETE FROM cart_lines WHERE cart_id = @cartId AND listing_id = @listingId", new { cartId, listingId }, transaction);

    /// <summary>The price the buyer agreed to becomes the listing's current price (after a 409 showed it).</summary>
    public static Task RepriceAsync(DbConnection connection, DbTransaction transaction, long cartId, long listingId, long unitAmount) =>
        connection.ExecuteAsync("UPDATE cart_lines SET unit_amount = @unitAmount WHERE cart_id = @cartId AND listing_id = @listingId", new { cartId, listingId, unitAmount }, transaction);

    public static Task ClearAsync(DbConnection connection, DbTransaction transaction, long cartId) =>
        connection.ExecuteAsync("DELETE FROM cart_lines WHERE cart_id = @cartId", new { cartId }, transaction);

    public static bool IsOneOfAKind(BuyableListing listing) => listing.Vertical == VerticalTemplates.Vehicles;
}

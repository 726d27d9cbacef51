using System.Data.Common;
using Dapper;

namespace Mercato.Server.Orders;

/// <summary>An order: one seller's part of a purchase, following one process. Money in minor units of <see cref="Currency"/>.</summary>
internal sealed class Order
{
    public long Id { get; set; }

    public long PurchaseId { get; set; }

    public long SellerId { get; set; }

    public long? BuyerUserId { get; set; }

    public string? BuyerTokenHash { get; set; }

    public string BuyerEmail { get; set; } = "";

    public string Process { get; set; } = "";

    public string State { get; set; } = "";

    public string Provider { get; set; } = "";

    public string Currency { get; set; } = "";

    public long Subtotal { get; set; }

    public long Tax { get; set; }

    public long Shipping { get; set; }

    public long Total { get; set; }

    public long PlatformFee { get; set; }

    public long Paid { get; set; }

    public long Refunded { get; set; }

    public string? Tracking { get; set; }

    public long Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

public sealed record OrderLine(long ListingId, string Title, long Quantity, long UnitAmount);

internal sealed class OrderTransitionRecord
{
    public string Transition { get; set; } = "";

    public string? FromState { get; set; }

    public string ToState { get; set; } = "";

    public string Actor { get; set; } = "";

    public string? ActorId { get; set; }

    public string? Detail { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>Reads orders. Writes happen in checkout and in <see cref="OrderTransitions"/>, each in its own transaction.</summary>
internal static class OrderStore
{
    private const string Columns =
        """
        id, purchase_id AS PurchaseId, seller_id AS SellerId, buyer_user_id AS BuyerUserId, buyer_token_hash AS BuyerTokenHash,
        buyer_email AS BuyerEmail, process, state, provider, currency, subtotal, tax, shipping, total, platform_fee AS PlatformFee,
        paid, refunded, tracking, version, created_at AS CreatedAt, updated_at AS UpdatedAt
        """;

    public static Task<Order?> FindAsync(DbConnection connection, DbTransaction? transaction, long tenantId, long id) =>
        connection.QuerySingleOrDefaultAsync<Order>($"SELECT {Columns} FROM orders WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, transaction);

    /// <summary>
    /// Locks the orders of a purchase (or one order) until the transaction ends, in id order (PostgreSQL; SQLite's single
    /// writer serialises already). Whoever moves money for an order takes it before asking the provider, so a webhook
    /// job and a refund request of the same order run one after the other and each sees what the other recorded.
    /// </summary>
    public static Task LockAsync(DbConnection connection, DbTransaction transaction, bool postgres, long tenantId, long? orderId, long? purchaseId = null) =>
        postgres
            ? connection.ExecuteAsync(
                "SELECT id FROM orders WHERE tenant_id = @tenantId" + (orderId is null ? "" : " AND id = @orderId") + (purchaseId is null ? "" : " AND purchase_id = @purchaseId")
                + " ORDER BY id FOR UPDATE",
                new { tenantId, orderId, purchaseId }, transaction)
            : Task.CompletedTask;

    /// <summary>Orders newest first; a null filter is not applied. Keyset pagination by id.</summary>
    public static async Task<IReadOnlyList<Order>> ListAsync(
        DbConnection connection, long tenantId, long? sellerId, long? buyerUserId, string? buyerTokenHash, long? purchaseId, string? state, long? before, int limit)
    {
        var sql = $"SELECT {Columns} FROM orders WHERE tenant_id = @tenantId"
            + (sellerId is null ? "" : " AND seller_id = @sellerId")
            + (buyerUserId is null && buyerTokenHash is null ? "" : " AND (buyer_user_id = @buyerUserId OR buyer_token_hash = @buyerTokenHash)")
            + (purchaseId is null ? "" : " AND purchase_id = @purchaseId")
            + (state is null ? "" : " AND state = @state")
            + (before is null ? "" : " AND id < @before")
            + " ORDER BY id DESC LIMIT @limit";
        return (await connection.QueryAsync<Order>(sql, new { tenantId, sellerId, buyerUserId, buyerTokenHash, purchaseId, state, before, limit })).AsList();
    }

    /// <summary>The administrators' search: an order or purchase id, or a buyer's e-mail address (exact, any case); and a state.</summary>
    public static async Task<IReadOnlyList<Order>> SearchAsync(DbConnection connection, long tenantId, long? id, string? email, string? state, int limit)
    {
        var sql = $"SELECT {Columns} FROM orders WHERE tenant_id = @tenantId"
            + (id is null ? "" : " AND (id = @id OR purchase_id = @id)")
            + (email is null ? "" : " AND lower(buyer_email) = lower(@email)")
            + (state is null ? "" : " AND state = @state")
            + " ORDER BY id DESC LIMIT @limit";
        return (await connection.QueryAsync<Order>(sql, new { tenantId, id, email, state, limit })).AsList();
    }

    public static async Task<IReadOnlyList<OrderLine>> LinesAsync(DbConnection connection, DbTransaction? transaction, long orderId) =>
        (await connection.QueryAsync<OrderLine>(
            "SELECT listing_id AS ListingId, title, quantity, unit_amount AS UnitAmount FROM order_lines WHERE order_id = @orderId ORDER BY id",
            new { orderId }, transaction)).AsList();

    public static async Task<IReadOnlyList<OrderTransitionRecord>> TransitionsAsync(DbConnection connection, DbTransaction? transaction, long orderId) =>
        (await connection.QueryAsync<OrderTransitionRecord>(
            """
            SELECT transition, from_state AS FromState, to_state AS ToState, actor, actor_id AS ActorId, detail, at
            FROM order_transitions WHERE order_id = @orderId ORDER BY id
            """,
            new { orderId }, transaction)).AsList();
}

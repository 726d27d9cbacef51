using Dapper;
using Mercato.Server.Accounts;
using Mercato.Server.Accounts.Web;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Orders;

/// <summary>The header's cart count: one indexed read, and none at all for a visitor with neither an account nor a cart cookie.</summary>
internal sealed class CartSummary(Database database) : ICartSummary
{
    public async Task<long> ItemsAsync(HttpContext http, long tenantId, CancellationToken cancellationToken)
    {
        var buyer = Buyer.From(http, Caller.From(http));
        if (!buyer.IsKnown)
        {
            return 0;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long?>(
            """
            SELECT SUM(cl.quantity) FROM cart_lines cl JOIN carts c ON c.id = cl.cart_id
            WHERE c.tenant_id = @tenantId AND (c.user_id = @UserId OR (c.user_id IS NULL AND c.token_hash = @TokenHash))
            """,
            new { tenantId, buyer.UserId, buyer.TokenHash }) ?? 0;
    }
}

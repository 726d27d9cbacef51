using System.Data.Common;
using Dapper;

namespace Mercato.Server.Accounts;

/// <summary>Password-reset links: one row per link, only the token's hash kept, usable once within its hour.</summary>
internal sealed partial class UserStore
{
    public static Task AddPasswordResetAsync(DbConnection connection, DbTransaction transaction, long tenantId, long userId, string token, DateTimeOffset expires) =>
        connection.ExecuteAsync(
            "INSERT INTO password_resets (tenant_id, user_id, token_hash, expires_at) VALUES (@tenantId, @userId, @hash, @expires)",
            new { tenantId, userId, hash = Secrets.Hash(token), expires },
            transaction);

    /// <summary>Marks the link used and returns its user, or null when it is unknown, used or expired.</summary>
    public static async Task<long?> UsePasswordResetAsync(DbConnection connection, DbTransaction transaction, long tenantId, string token, DateTimeOffset now)
    {
        var reset = await connection.QuerySingleOrDefaultAsync<(long Id, long UserId)>(
            "SELECT id, user_id FROM password_resets WHERE tenant_id = @tenantId AND token_hash = @hash AND used_at IS NULL AND expires_at > @now",
            new { tenantId, hash = Secrets.Hash(token), now },
            transaction);
        if (reset.Id == 0)
        {
            return null;
        }

        await connection.ExecuteAsync("UPDATE password_resets SET used_at = @now WHERE id = @Id", new { now, reset.Id }, transaction);
        return reset.UserId;
    }
}

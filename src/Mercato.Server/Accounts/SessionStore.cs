using System.Data.Common;
using Dapper;
using Mercato.Server.Infrastructure;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Accounts;

/// <summary>
/// Server-side sessions. The session cookie carries a random token; only its hash is kept here, and a cookie whose row
/// is gone is signed out on its next request. Sign-out deletes the row, a password reset and "sign out everywhere"
/// delete every row of the user, and sessions past the absolute timeout are dropped when the user next signs in.
/// </summary>
internal sealed class SessionStore(Database database, IOptions<AccountsOptions> options, TimeProvider time)
{
    public async Task<string> CreateAsync(long tenantId, long userId, CancellationToken cancellationToken)
    {
        var token = Secrets.NewToken();
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(
            "DELETE FROM sessions WHERE user_id = @userId AND created_at < @expired",
            new { userId, expired = now - TimeSpan.FromHours(options.Value.AbsoluteTimeoutHours) },
            transaction);
        await connection.ExecuteAsync(
            "INSERT INTO sessions (token_hash, tenant_id, user_id, created_at) VALUES (@hash, @tenantId, @userId, @now)",
            new { hash = Secrets.Hash(token), tenantId, userId, now },
            transaction);
        await transaction.CommitAsync(cancellationToken);
        return token;
    }

    public static async Task<bool> ExistsAsync(DbConnection connection, long tenantId, long userId, string token) =>
        await connection.ExecuteScalarAsync<long?>(
            "SELECT 1 FROM sessions WHERE token_hash = @hash AND tenant_id = @tenantId AND user_id = @userId",
            new { hash = Secrets.Hash(token), tenantId, userId }) is not null;

    public async Task EndAsync(string token, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync("DELETE FROM sessions WHERE token_hash = @hash", new { hash = Secrets.Hash(token) });
    }

    /// <summary>Ends every session of the user and rotates the security stamp, in the caller's transaction.</summary>
    public static async Task EndAllAsync(DbConnection connection, DbTransaction transaction, long userId)
    {
        await connection.ExecuteAsync("DELETE FROM sessions WHERE user_id = @userId", new { userId }, transaction);
        await UserStore.RotateSecurityStampAsync(connection, transaction, userId);
    }
}

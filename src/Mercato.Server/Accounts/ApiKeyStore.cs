using Dapper;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Accounts;

internal sealed record ApiKeyView(long Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt);

/// <summary>Seller API keys: shown once when created, stored as a SHA-256 hash, revocable.</summary>
internal sealed class ApiKeyStore(Database database, TimeProvider time)
{
    public async Task<(long Id, string Key)> CreateAsync(long tenantId, long sellerId, string name, CancellationToken cancellationToken)
    {
        var key = Secrets.NewToken(Secrets.ApiKeyPrefix);
        await using var connection = await database.OpenAsync(cancellationToken);
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO api_keys (tenant_id, seller_id, name, prefix, key_hash, created_at)
            VALUES (@tenantId, @sellerId, @name, @prefix, @hash, @now) RETURNING id
            """,
            new { tenantId, sellerId, name, prefix = key[..10], hash = Secrets.Hash(key), now = time.GetUtcNow() });
        return (id, key);
    }

    public async Task<IReadOnlyList<ApiKeyView>> ListAsync(long tenantId, long sellerId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<ApiKeyView>(
            """
            SELECT id, name, prefix, created_at AS CreatedAt, last_used_at AS LastUsedAt, revoked_at AS RevokedAt
            FROM api_keys WHERE tenant_id = @tenantId AND seller_id = @sellerId ORDER BY id DESC
            """,
            new { tenantId, sellerId })).ToList();
    }

    public async Task<bool> RevokeAsync(long tenantId, long sellerId, long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE api_keys SET revoked_at = @now WHERE tenant_id = @tenantId AND seller_id = @sellerId AND id = @id AND revoked_at IS NULL",
            new { tenantId, sellerId, id, now = time.GetUtcNow() }) == 1;
    }
}

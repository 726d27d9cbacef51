using System.Data.Common;
using Dapper;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Sellers;

internal sealed class SellerStore(Database database, TimeProvider time)
{
    private const string Columns = "id, external_id AS ExternalId, name, kind, status, postal_code AS PostalCode, country, latitude, longitude";

    public async Task<Seller?> FindAsync(long tenantId, long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, tenantId, id);
    }

    public static Task<Seller?> FindAsync(DbConnection connection, DbTransaction? transaction, long tenantId, long id) =>
        connection.QuerySingleOrDefaultAsync<Seller>(
            $"SELECT {Columns} FROM sellers WHERE tenant_id = @tenantId AND id = @id", new { tenantId, id }, transaction);

    public static Task<Seller?> FindByExternalIdAsync(DbConnection connection, DbTransaction? transaction, long tenantId, string externalId) =>
        connection.QuerySingleOrDefaultAsync<Seller>(
            $"SELECT {Columns} FROM sellers WHERE tenant_id = @tenantId AND external_id = @externalId", new { tenantId, externalId }, transaction);

    public async Task<IReadOnlyList<Seller>> ListAsync(long tenantId, long after, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<Seller>(
            $"SELECT {Columns} FROM sellers WHERE tenant_id = @tenantId AND id > @after ORDER BY id LIMIT @limit",
            new { tenantId, after, limit })).ToList();
    }

    public async Task<Seller> InsertAsync(DbConnection connection, DbTransaction transaction, long tenantId, Seller seller)
    {
        var now = time.GetUtcNow();
        var id = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO sellers (tenant_id, external_id, name, kind, status, postal_code, country, latitude, longitude, created_at, updated_at)
            VALUES (@tenantId, @ExternalId, @Name, @Kind, @Status, @PostalCode, @Country, @Latitude, @Longitude, @now, @now)
            RETURNING id
            """,
            new { tenantId, seller.ExternalId, seller.Name, seller.Kind, seller.Status, seller.PostalCode, seller.Country, seller.Latitude, seller.Longitude, now },
            transaction);
        return seller with { Id = id };
    }
}

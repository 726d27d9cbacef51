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

    /// <summary>Inserts several sellers (distinct external ids) and returns them with their ids; on PostgreSQL in one statement.</summary>
    public async Task<IReadOnlyList<Seller>> InsertManyAsync(DbConnection connection, DbTransaction transaction, long tenantId, IReadOnlyList<Seller> sellers)
    {
        if (!database.IsPostgres)
        {
            // SQLite's driver has no array parameters for unnest; in-process prepared inserts are as fast there.
            var inserted = new List<Seller>(sellers.Count);
            foreach (var seller in sellers)
            {
                inserted.Add(await InsertAsync(connection, transaction, tenantId, seller));
            }

            return inserted;
        }

        var ids = (await connection.QueryAsync<(string ExternalId, long Id)>(
            """
            INSERT INTO sellers (tenant_id, external_id, name, kind, status, postal_code, country, latitude, longitude, created_at, updated_at)
            SELECT @tenantId, x.external_id, x.name, x.kind, x.status, x.postal_code, x.country, x.latitude, x.longitude, @now, @now
            FROM unnest(@externalIds, @names, @kinds, @statuses, @postalCodes, @countries, @latitudes, @longitudes)
                 WITH ORDINALITY AS x(external_id, name, kind, status, postal_code, country, latitude, longitude, n)
            ORDER BY x.n
            RETURNING external_id, id
            """,
            new
            {
                tenantId,
                externalIds = sellers.Select(s => s.ExternalId).ToArray(),
                names = sellers.Select(s => s.Name).ToArray(),
                kinds = sellers.Select(s => s.Kind).ToArray(),
                statuses = sellers.Select(s => s.Status).ToArray(),
                postalCodes = sellers.Select(s => s.PostalCode).ToArray(),
                countries = sellers.Select(s => s.Country).ToArray(),
                latitudes = sellers.Select(s => s.Latitude).ToArray(),
                longitudes = sellers.Select(s => s.Longitude).ToArray(),
                now = time.GetUtcNow(),
            },
            transaction)).ToDictionary(r => r.ExternalId, r => r.Id, StringComparer.Ordinal);
        return [.. sellers.Select(s => s with { Id = ids[s.ExternalId] })];
    }
}

using System.Data.Common;
using System.Text.Json.Nodes;
using Dapper;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Catalog;

/// <summary>Listing rows. Every write appends to the change log in the caller's transaction.</summary>
internal sealed class ListingStore(Database database, ChangeLog changeLog, TimeProvider time)
{
    private const string Select =
        """
        SELECT l.id, l.external_id, l.seller_id, s.external_id, c.slug, l.status, l.title, l.description,
               l.price_amount, l.price_currency, l.attributes, l.version, l.created_at, l.updated_at,
               h.reason, h.hidden_at, s.status
        FROM listings l
        JOIN sellers s ON s.id = l.seller_id
        JOIN categories c ON c.id = l.category_id
        LEFT JOIN listing_holds h ON h.listing_id = l.id
        """;

    /// <summary>The condition for listings shoppers may see (see <see cref="Listing.IsPublic"/>).</summary>
    public const string PublicCondition = "l.status IN ('active', 'unavailable') AND h.listing_id IS NULL AND s.status = 'active'";

    public async Task<Listing?> FindAsync(long tenantId, long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, tenantId, id);
    }

    public static async Task<Listing?> FindAsync(DbConnection connection, DbTransaction? transaction, long tenantId, long id)
    {
        var list = await QueryAsync(connection, transaction, $"{Select} WHERE l.tenant_id = @tenantId AND l.id = @id", new { tenantId, id });
        return list.Count == 0 ? null : list[0];
    }

    /// <summary>The listings with these ids that belong to the tenant, by id (missing ids are simply absent).</summary>
    public async Task<Dictionary<long, Listing>> FindManyAsync(long tenantId, IReadOnlyCollection<long> ids, CancellationToken cancellationToken = default)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var found = await QueryAsync(connection, null, $"{Select} WHERE l.tenant_id = @tenantId AND {database.In("l.id", "@ids")}", new { tenantId, ids = ids.ToArray() });
        return found.ToDictionary(l => l.Id);
    }

    /// <summary>A keyset page ordered by id; filters are optional.</summary>
    public async Task<IReadOnlyList<Listing>> ListAsync(
        long tenantId, long? sellerId, string? category, string? status, bool publicOnly, long after, int limit, CancellationToken cancellationToken = default)
    {
        var sql = $"{Select} WHERE l.tenant_id = @tenantId AND l.id > @after"
            + (sellerId is null ? "" : " AND l.seller_id = @sellerId")
            + (category is null ? "" : " AND c.slug = @category")
            + (status is null ? "" : " AND l.status = @status")
            + (publicOnly ? $" AND {PublicCondition}" : "")
            + " ORDER BY l.id LIMIT @limit";
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(connection, null, sql, new { tenantId, sellerId, category, status, after, limit });
    }

    public async Task<long> InsertAsync(DbConnection connection, DbTransaction transaction, long tenantId, ListingContent content)
    {
        var now = time.GetUtcNow();
        var (latitude, longitude) = content.Location;
        var id = await connection.ExecuteScalarAsync<long>(
            $"""
            INSERT INTO listings (tenant_id, seller_id, category_id, external_id, status, title, description, price_amount,
                                  price_currency, attributes, latitude, longitude, version, created_at, updated_at)
            VALUES (@tenantId, @SellerId, @CategoryId, @ExternalId, @Status, @Title, @Description, @Amount,
                    @Currency, {database.Json("@Attributes")}, @latitude, @longitude, 1, @now, @now)
            RETURNING id
            """,
            Parameters(tenantId, content, latitude, longitude, now),
            transaction);
        await changeLog.AppendAsync(connection, transaction, tenantId, id, 1, ChangeKind.Upsert);
        return id;
    }

    /// <summary>Writes the new content if the row is still at <paramref name="expectedVersion"/>; false otherwise.</summary>
    public async Task<bool> UpdateAsync(
        DbConnection connection, DbTransaction transaction, long tenantId, long id, int expectedVersion, ListingContent content)
    {
        var (latitude, longitude) = content.Location;
        var parameters = Parameters(tenantId, content, latitude, longitude, time.GetUtcNow());
        parameters.Add("id", id);
        parameters.Add("expectedVersion", expectedVersion);
        var updated = await connection.ExecuteAsync(
            $"""
            UPDATE listings SET category_id = @CategoryId, external_id = @ExternalId, status = @Status, title = @Title,
                description = @Description, price_amount = @Amount, price_currency = @Currency,
                attributes = {database.Json("@Attributes")}, latitude = @latitude, longitude = @longitude,
                version = version + 1, updated_at = @now
            WHERE tenant_id = @tenantId AND id = @id AND version = @expectedVersion
            """,
            parameters,
            transaction);
        if (updated == 0)
        {
            return false;
        }

        await changeLog.AppendAsync(connection, transaction, tenantId, id, expectedVersion + 1, ChangeKind.Upsert);
        return true;
    }

    public async Task<bool> DeleteAsync(DbConnection connection, DbTransaction transaction, long tenantId, long id, int version)
    {
        // PostgreSQL cascades this itself; SQLite runs without foreign-key enforcement.
        await connection.ExecuteAsync("DELETE FROM listing_holds WHERE tenant_id = @tenantId AND listing_id = @id", new { tenantId, id }, transaction);
        var deleted = await connection.ExecuteAsync(
            "DELETE FROM listings WHERE tenant_id = @tenantId AND id = @id AND version = @version", new { tenantId, id, version }, transaction);
        if (deleted == 0)
        {
            return false;
        }

        await changeLog.AppendAsync(connection, transaction, tenantId, id, version + 1, ChangeKind.Delete);
        return true;
    }

    /// <summary>A seller's newest listing ids, optionally those whose title contains <paramref name="text"/> or in one status.</summary>
    public static async Task<List<long>> SellerListingIdsAsync(DbConnection connection, long tenantId, long sellerId, string? text, string? status, int limit)
    {
        var pattern = string.IsNullOrWhiteSpace(text) ? null : $"%{text.Trim().Replace("%", "", StringComparison.Ordinal)}%";
        return (await connection.QueryAsync<long>(
            $"""
            SELECT id FROM listings WHERE tenant_id = @TenantId AND seller_id = @SellerId
            {(pattern is null ? "" : "AND lower(title) LIKE lower(@pattern)")} {(Listing.Statuses.Contains(status) ? "AND status = @status" : "")}
            ORDER BY id DESC LIMIT @limit
            """,
            new { TenantId = tenantId, SellerId = sellerId, pattern, status, limit })).AsList();
    }

    public static Task<bool> ExternalIdTakenAsync(
        DbConnection connection, DbTransaction transaction, long tenantId, long sellerId, string externalId, long exceptId) =>
        connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM listings WHERE tenant_id = @tenantId AND seller_id = @sellerId AND external_id = @externalId AND id <> @exceptId)",
            new { tenantId, sellerId, externalId, exceptId },
            transaction);

    private static DynamicParameters Parameters(long tenantId, ListingContent content, double? latitude, double? longitude, DateTimeOffset now)
    {
        var parameters = new DynamicParameters(new
        {
            tenantId,
            content.SellerId,
            CategoryId = content.Category.Id,
            content.ExternalId,
            content.Status,
            content.Title,
            content.Description,
            Amount = content.Price?.Amount,
            Currency = content.Price?.Currency,
            Attributes = content.Attributes.ToJsonString(),
            latitude,
            longitude,
            now,
        });
        return parameters;
    }

    private static async Task<IReadOnlyList<Listing>> QueryAsync(DbConnection connection, DbTransaction? transaction, string sql, object parameters)
    {
        await using var reader = await connection.ExecuteReaderAsync(sql, parameters, transaction);
        var listings = new List<Listing>();
        while (await reader.ReadAsync())
        {
            listings.Add(new Listing(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetInt64(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.IsDBNull(8) ? null : new Money(reader.GetInt64(8), reader.GetString(9)),
                JsonNode.Parse(reader.GetString(10)) as JsonObject ?? [],
                reader.GetInt32(11),
                reader.GetFieldValue<DateTimeOffset>(12),
                reader.GetFieldValue<DateTimeOffset>(13))
            {
                Hold = HoldOf(reader),
            });
        }

        return listings;
    }

    private static ListingHold? HoldOf(DbDataReader reader)
    {
        if (!reader.IsDBNull(14))
        {
            return new ListingHold(ListingHoldKind.Moderation, reader.GetString(14), reader.GetFieldValue<DateTimeOffset>(15));
        }

        return reader.GetString(16) switch
        {
            Sellers.SellerStatus.Active => null,
            Sellers.SellerStatus.Pending => new ListingHold(ListingHoldKind.SellerPending, "The seller is waiting for approval.", null),
            _ => new ListingHold(ListingHoldKind.SellerSuspended, "The seller is suspended.", null),
        };
    }
}

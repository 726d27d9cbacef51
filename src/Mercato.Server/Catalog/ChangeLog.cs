using System.Data.Common;
using Dapper;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Catalog;

/// <summary>One committed listing write, in commit order. The search index and caches follow this log.</summary>
internal sealed record ListingChange(long Seq, long TenantId, long ListingId, int Version, string Kind, DateTimeOffset ChangedAt);

internal static class ChangeKind
{
    public const string Upsert = "upsert";
    public const string Delete = "delete";
}

/// <summary>
/// Appends to <c>listing_changes</c> inside the caller's transaction. On PostgreSQL a transaction-scoped advisory
/// lock is taken first, so sequence numbers are handed out in commit order: a follower that reads
/// "seq &gt; position" can never miss a change that commits after a higher one (identity values alone don't
/// guarantee that). SQLite has a single writer, so its order is commit order already.
/// </summary>
internal sealed class ChangeLog(Database database, TimeProvider time)
{
    /// <summary>The advisory lock every change-log writer holds (to commit) while appending, so seq order is commit order.</summary>
    public const long AppendLockKey = 0x4D4552434C4F47;

    /// <summary>Takes the append lock for the rest of <paramref name="transaction"/> (PostgreSQL; SQLite has one writer anyway).</summary>
    public static Task LockAsync(Database database, DbConnection connection, DbTransaction transaction) =>
        database.LockForTransactionAsync(connection, transaction, AppendLockKey);

    public async Task AppendAsync(DbConnection connection, DbTransaction transaction, long tenantId, long listingId, int version, string kind)
    {
        await LockAsync(database, connection, transaction);

        await connection.ExecuteAsync(
            "INSERT INTO listing_changes (tenant_id, listing_id, version, kind, changed_at) VALUES (@tenantId, @listingId, @version, @kind, @now)",
            new { tenantId, listingId, version, kind, now = time.GetUtcNow() },
            transaction);
    }

    /// <summary>
    /// One change for every listing of a seller, in one statement: a seller's status decides whether its listings are
    /// public, so approving or suspending it must reach the search index like an edit of each listing would.
    /// </summary>
    public async Task<int> AppendSellerAsync(DbConnection connection, DbTransaction transaction, long tenantId, long sellerId)
    {
        await LockAsync(database, connection, transaction);

        return await connection.ExecuteAsync(
            """
            INSERT INTO listing_changes (tenant_id, listing_id, version, kind, changed_at)
            SELECT tenant_id, id, version, @kind, @now FROM listings WHERE tenant_id = @tenantId AND seller_id = @sellerId ORDER BY id
            """,
            new { tenantId, sellerId, kind = ChangeKind.Upsert, now = time.GetUtcNow() },
            transaction);
    }

    /// <summary>
    /// Bulk form for the feed importer's full sync: one upsert change per listing of <paramref name="listings"/> (in
    /// the given order), under the append lock. PostgreSQL takes them as two arrays in one statement; SQLite's driver
    /// has no array parameters, so Dapper runs the prepared insert once per listing.
    /// </summary>
    public static async Task AppendUpsertsAsync(
        Database database, DbConnection connection, DbTransaction transaction, long tenantId, IReadOnlyList<(long Id, int Version)> listings, TimeProvider time)
    {
        await LockAsync(database, connection, transaction);
        var now = time.GetUtcNow();
        if (database.IsPostgres)
        {
            await connection.ExecuteAsync(
                "INSERT INTO listing_changes (tenant_id, listing_id, version, kind, changed_at) SELECT @t, x.id, x.v, 'upsert', @now FROM unnest(@ids, @versions) AS x(id, v) ORDER BY x.id",
                new { t = tenantId, ids = listings.Select(r => r.Id).ToArray(), versions = listings.Select(r => r.Version).ToArray(), now }, transaction);
        }
        else
        {
            await connection.ExecuteAsync(
                "INSERT INTO listing_changes (tenant_id, listing_id, version, kind, changed_at) VALUES (@t, @Id, @Version, 'upsert', @now)",
                listings.Select(r => new { t = tenantId, r.Id, r.Version, now }), transaction);
        }
    }

    /// <summary>
    /// Bulk form for the PostgreSQL feed merge: one upsert change per row of <paramref name="written"/> (a table of
    /// <c>listing_id, version</c>), in listing order. One round trip: the append lock, then the entries (sequence
    /// numbers follow the ORDER BY), so the lock is held only for this insert and the commit.
    /// </summary>
    public static Task AppendWrittenPostgresAsync(DbConnection connection, DbTransaction transaction, string written, long t, DateTimeOffset now) =>
        connection.ExecuteAsync(
            $"""
            SELECT pg_advisory_xact_lock(@key);
            INSERT INTO listing_changes (tenant_id, listing_id, version, kind, changed_at)
            SELECT @t, listing_id, version, 'upsert', @now FROM {written} ORDER BY listing_id;
            """,
            new { key = AppendLockKey, t, now }, transaction);

    /// <summary>
    /// Bulk form for the SQLite feed merge (one writer, so no lock): one upsert change per listing <c>l</c> that
    /// <paramref name="from"/> (a FROM clause naming the listings as <c>l</c>, with parameters <c>@t</c> and
    /// <c>@now</c> in <paramref name="parameters"/>) selects, in listing order; returns the versions written.
    /// </summary>
    public static async Task<List<int>> AppendSelectedAsync(DbConnection connection, DbTransaction transaction, string from, object parameters) =>
        (await connection.QueryAsync<int>(
            $"INSERT INTO listing_changes (tenant_id, listing_id, version, kind, changed_at) SELECT @t, l.id, l.version, 'upsert', @now {from} ORDER BY l.id RETURNING version",
            parameters, transaction)).ToList();

    /// <summary>Changes after <paramref name="position"/>, oldest first; <paramref name="tenantId"/> null reads every tenant.</summary>
    public async Task<IReadOnlyList<ListingChange>> ReadAsync(long? tenantId, long position, int limit, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var sql = tenantId is null
            ? "SELECT seq, tenant_id, listing_id, version, kind, changed_at FROM listing_changes WHERE seq > @position ORDER BY seq LIMIT @limit"
            : "SELECT seq, tenant_id, listing_id, version, kind, changed_at FROM listing_changes WHERE tenant_id = @tenantId AND seq > @position ORDER BY seq LIMIT @limit";
        await using var reader = await connection.ExecuteReaderAsync(sql, new { tenantId, position, limit });
        var changes = new List<ListingChange>();
        while (await reader.ReadAsync(cancellationToken))
        {
            changes.Add(new ListingChange(
                reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return changes;
    }
}

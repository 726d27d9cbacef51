using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Mercato.Server.Catalog;
using Mercato.Server.Infrastructure;
using Mercato.Server.Sellers;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Mercato.Server.Feeds;

/// <summary>
/// Writes batches of rows set-wise: the batch goes into a temporary staging table (PostgreSQL: binary COPY; SQLite: one
/// prepared INSERT reused), then a few statements merge it: rows this import already wrote are duplicates, rows
/// identical to the stored listing are only marked as seen, the rest are upserted with a new version, and each
/// changed listing gets its change-log entry in the same transaction under the change log's lock (taken once per
/// batch, just before the append). <c>listings.last_import_id</c> marks what this import has seen: that finds
/// duplicates across batches and the listings a full sync takes down, and survives a crash because it commits with
/// the batch.
/// </summary>
internal sealed class FeedBatchWriter(
    Database database, DbConnection connection, SellerStore sellerStore, SellerResolver sellers, TimeProvider time, long tenantId, long importId, bool appendChanges,
    FeedProgress? progress = null) : IDisposable
{

    // Reused from batch to batch: the writer's memory is one batch, whatever the size of the file.
    private readonly Dictionary<(long SellerId, string ExternalId), long> _keys = [];
    private readonly List<(StagedRow Row, long SellerId)> _staged = [];
    private readonly List<Seller> _pendingSellers = [];
    private SqliteCommand? _stageInsert;
    private bool _analysed;

    public HashSet<long> SellersSeen { get; } = [];

    public async Task PrepareAsync()
    {
        if (!database.IsPostgres)
        {
            // A bigger page cache and memory-mapped reads for this connection: the merge probes the listing indexes a lot.
            // The staging table's key index matters here: without it SQLite plans the change-log insert as a scan of
            // listings probing the stage, which is quadratic (100,000 rows took minutes).
            await connection.ExecuteAsync("PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456; PRAGMA temp_store = MEMORY;");
            await connection.ExecuteAsync(
                """
                CREATE TEMP TABLE IF NOT EXISTS feed_stage (
                    line INTEGER NOT NULL, seller_id INTEGER NOT NULL, external_id TEXT NOT NULL, rejected INTEGER NOT NULL, category_id INTEGER,
                    status TEXT, title TEXT, description TEXT, price_amount INTEGER, price_currency TEXT, attributes TEXT,
                    latitude REAL, longitude REAL);
                CREATE INDEX IF NOT EXISTS temp.feed_stage_key ON feed_stage (seller_id, external_id);
                """);
            return;
        }

        // No index on the staging table: every statement reads it whole and probes the listings' key index instead.
        await connection.ExecuteAsync(
            """
            CREATE TEMP TABLE IF NOT EXISTS feed_stage (
                line bigint NOT NULL, seller_id bigint NOT NULL, external_id text NOT NULL, rejected boolean NOT NULL, category_id bigint,
                status text, title text, description text, price_amount bigint, price_currency text, attributes jsonb,
                latitude double precision, longitude double precision);
            CREATE TEMP TABLE IF NOT EXISTS feed_written (listing_id bigint NOT NULL, version integer NOT NULL);
            """);
    }

    /// <summary>Writes one batch inside <paramref name="transaction"/>; duplicate keys are added to <paramref name="issues"/>.</summary>
    public async Task<FeedCounts> WriteAsync(DbTransaction transaction, IReadOnlyList<StagedRow> rows, List<FeedIssue> issues, string idField)
    {
        var clock = Stopwatch.StartNew();
        var sellersCreated = await CreateSellersAsync(transaction, rows);
        _keys.Clear();
        _keys.EnsureCapacity(rows.Count);
        _staged.Clear();
        long duplicates = 0;
        foreach (var row in rows)
        {
            var sellerId = sellers.Find(row.SellerExternalId)!.Id;
            if (!_keys.TryAdd((sellerId, row.ExternalId), row.Line))
            {
                issues.Add(new FeedIssue(row.Line, idField, row.ExternalId, $"duplicate: line {_keys[(sellerId, row.ExternalId)]} has the same id for this seller; the first one counts"));
                duplicates += row.Content is null ? 0 : 1;
                continue;
            }

            SellersSeen.Add(sellerId);
            _staged.Add((row, sellerId));
        }

        Lap(clock, "sellers");
        var counts = database.IsPostgres
            ? await MergePostgresAsync((NpgsqlConnection)connection, transaction, issues, idField, clock)
            : await MergeSqliteAsync((SqliteTransaction)transaction, issues, idField, clock);
        return counts with { Rejected = counts.Rejected + duplicates, SellersCreated = sellersCreated };
    }

    /// <summary>Full sync: how many active listings of the seller this import has not seen, out of how many active ones.</summary>
    public async Task<(long Missing, long Active)> CountMissingAsync(DbTransaction? transaction, long sellerId) =>
        await connection.QuerySingleAsync<(long, long)>(
            """
            SELECT COALESCE(sum(CASE WHEN last_import_id IS NULL OR last_import_id <> @i THEN 1 ELSE 0 END), 0), count(*)
            FROM listings WHERE tenant_id = @t AND seller_id = @sellerId AND status = 'active'
            """,
            new { t = tenantId, i = importId, sellerId }, transaction);

    /// <summary>Full sync: marks the seller's active listings this import has not seen as unavailable, with change-log entries.</summary>
    public async Task<long> RemoveMissingAsync(DbTransaction transaction, long sellerId)
    {
        var removed = (await connection.QueryAsync<(long Id, int Version)>(
            """
            UPDATE listings SET status = 'unavailable', version = version + 1, updated_at = @now
            WHERE tenant_id = @t AND seller_id = @sellerId AND status = 'active' AND (last_import_id IS NULL OR last_import_id <> @i)
            RETURNING id, version
            """,
            new { t = tenantId, i = importId, sellerId, now = time.GetUtcNow() }, transaction)).OrderBy(r => r.Id).ToList();
        if (removed.Count > 0 && appendChanges)
        {
            await LockChangeLogAsync(transaction);
            var now = time.GetUtcNow();
            if (database.IsPostgres)
            {
                await connection.ExecuteAsync(
                    "INSERT INTO listing_changes (tenant_id, listing_id, version, kind, changed_at) SELECT @t, x.id, x.v, 'upsert', @now FROM unnest(@ids, @versions) AS x(id, v) ORDER BY x.id",
                    new { t = tenantId, ids = removed.Select(r => r.Id).ToArray(), versions = removed.Select(r => r.Version).ToArray(), now }, transaction);
            }
            else
            {
                await connection.ExecuteAsync(
                    "INSERT INTO listing_changes (tenant_id, listing_id, version, kind, changed_at) VALUES (@t, @Id, @Version, 'upsert', @now)",
                    removed.Select(r => new { t = tenantId, r.Id, r.Version, now }), transaction);
            }
        }

        return removed.Count;
    }

    /// <summary>
    /// PostgreSQL: binary COPY into the unindexed staging table, then one statement that looks each staged key up in
    /// <c>listings</c> once and, from what it found, marks unchanged (and rejected) rows as seen, upserts the others,
    /// remembers what it wrote in <c>feed_written</c>, and returns the rows an earlier batch of this import already had
    /// (duplicates) plus the counts. The change-log entries are appended afterwards from <c>feed_written</c> in listing
    /// order under the change log's lock, so the lock is held only for that insert and the commit.
    /// </summary>
    private async Task<FeedCounts> MergePostgresAsync(NpgsqlConnection npgsql, DbTransaction transaction, List<FeedIssue> issues, string idField, Stopwatch clock)
    {
        await connection.ExecuteAsync("TRUNCATE feed_stage, feed_written", transaction: transaction);
        await CopyAsync(npgsql, _staged);
        Lap(clock, "copy");

        // Autovacuum never analyses temporary tables: without statistics the planner guesses the batch size. Once is
        // enough: later batches are the same size.
        if (!_analysed)
        {
            await connection.ExecuteAsync("ANALYZE feed_stage", transaction: transaction);
            _analysed = true;
        }

        // A batch is small next to the listings it lands in, so each staged key is best looked up in the key index.
        // The statistics of listings lag behind an import that is filling them (a new tenant looks empty until
        // autovacuum analyses it), and then the planner hashes all of the tenant's listings for every batch instead:
        // seconds per batch at a million listings. Only nested loops are left to it, for this transaction; and no JIT
        // compilation, which the cost estimates of a 20,000-row insert trigger on every batch for nothing.
        await connection.ExecuteAsync("SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; SET LOCAL jit = off", transaction: transaction);

        var p = new { t = tenantId, i = importId, now = time.GetUtcNow() };
        long unchanged = 0, written = 0, created = 0, duplicates = 0;
        await using (var reader = await connection.ExecuteReaderAsync(
            """
            WITH cur AS MATERIALIZED (
                SELECT s.*, l.id AS listing_id, COALESCE(l.last_import_id = @i, false) AS seen,
                       COALESCE(l.category_id = s.category_id AND l.status = s.status AND l.title = s.title AND l.attributes = s.attributes
                           AND l.description IS NOT DISTINCT FROM s.description AND l.price_amount IS NOT DISTINCT FROM s.price_amount
                           AND l.price_currency IS NOT DISTINCT FROM s.price_currency AND l.latitude IS NOT DISTINCT FROM s.latitude
                           AND l.longitude IS NOT DISTINCT FROM s.longitude, false) AS same
                FROM feed_stage s
                LEFT JOIN listings l ON l.tenant_id = @t AND l.seller_id = s.seller_id AND l.external_id = s.external_id
            ),
            marked AS (
                UPDATE listings AS l SET last_import_id = @i FROM cur
                WHERE l.id = cur.listing_id AND NOT cur.seen AND (cur.rejected OR cur.same)
                RETURNING cur.rejected
            ),
            upserted AS (
                INSERT INTO listings (tenant_id, seller_id, category_id, external_id, status, title, description, price_amount, price_currency,
                                      attributes, latitude, longitude, version, created_at, updated_at, last_import_id)
                SELECT @t, seller_id, category_id, external_id, status, title, description, price_amount, price_currency,
                       attributes, latitude, longitude, 1, @now, @now, @i
                FROM cur WHERE NOT rejected AND NOT seen AND NOT same
                ON CONFLICT (tenant_id, seller_id, external_id) DO UPDATE SET
                    category_id = excluded.category_id, status = excluded.status, title = excluded.title, description = excluded.description,
                    price_amount = excluded.price_amount, price_currency = excluded.price_currency, attributes = excluded.attributes,
                    latitude = excluded.latitude, longitude = excluded.longitude, version = listings.version + 1,
                    updated_at = excluded.updated_at, last_import_id = excluded.last_import_id
                RETURNING id, version
            ),
            remembered AS (
                INSERT INTO feed_written (listing_id, version) SELECT id, version FROM upserted
            )
            SELECT line, external_id, rejected, NULL::bigint AS unchanged, NULL::bigint AS written, NULL::bigint AS created FROM cur WHERE seen
            UNION ALL
            SELECT -1, NULL, false, (SELECT count(*) FROM marked WHERE NOT rejected), (SELECT count(*) FROM upserted),
                   (SELECT count(*) FROM upserted WHERE version = 1)
            """, p, transaction))
        {
            while (await reader.ReadAsync())
            {
                var line = reader.GetInt64(0);
                if (line < 0)
                {
                    (unchanged, written, created) = (reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
                    continue;
                }

                issues.Add(new FeedIssue(line, idField, reader.GetString(1), "duplicate: an earlier line of this file has the same id for this seller; the first one counts"));
                duplicates += reader.GetBoolean(2) ? 0 : 1;
            }
        }

        Lap(clock, "merge");
        if (appendChanges && written > 0)
        {
            // One round trip: the lock, then the entries in listing order (sequence numbers follow the ORDER BY).
            await connection.ExecuteAsync(
                """
                SELECT pg_advisory_xact_lock(@key);
                INSERT INTO listing_changes (tenant_id, listing_id, version, kind, changed_at)
                SELECT @t, listing_id, version, 'upsert', @now FROM feed_written ORDER BY listing_id;
                """,
                new { key = ChangeLog.AppendLockKey, p.t, p.now }, transaction);
            Lap(clock, "changes");
        }

        return new FeedCounts { Created = created, Updated = written - created, Unchanged = unchanged, Rejected = duplicates };
    }

    /// <summary>SQLite: the staged batch merged statement by statement (one writer, so the change log's order is commit order).</summary>
    private async Task<FeedCounts> MergeSqliteAsync(SqliteTransaction transaction, List<FeedIssue> issues, string idField, Stopwatch clock)
    {
        await connection.ExecuteAsync("DELETE FROM temp.feed_stage", transaction: transaction);
        InsertSqlite(transaction, _staged);
        Lap(clock, "copy");

        var p = new { t = tenantId, i = importId, now = time.GetUtcNow() };
        long duplicates = 0;
        var earlier = (await connection.QueryAsync<(long Line, string ExternalId, long Rejected)>(
            """
            SELECT s.line, s.external_id, s.rejected FROM feed_stage s
            JOIN listings l ON l.tenant_id = @t AND l.seller_id = s.seller_id AND l.external_id = s.external_id
            WHERE l.last_import_id = @i
            """, p, transaction)).ToList();
        if (earlier.Count > 0)
        {
            foreach (var (line, externalId, rejected) in earlier)
            {
                issues.Add(new FeedIssue(line, idField, externalId, "duplicate: an earlier line of this file has the same id for this seller; the first one counts"));
                duplicates += rejected == 1 ? 0 : 1;
            }

            await connection.ExecuteAsync($"DELETE FROM feed_stage WHERE {database.In("line", "@lines")}", new { lines = earlier.Select(e => e.Line).ToArray() }, transaction);
        }

        if (_staged.Exists(s => s.Row.Content is null))
        {
            await connection.ExecuteAsync(
            """
            UPDATE listings AS l SET last_import_id = @i FROM feed_stage AS s
            WHERE s.rejected AND l.tenant_id = @t AND l.seller_id = s.seller_id AND l.external_id = s.external_id
            """, p, transaction);
        }

        var unchanged = await connection.ExecuteAsync(
            """
            UPDATE listings AS l SET last_import_id = @i FROM feed_stage AS s
            WHERE NOT s.rejected AND l.tenant_id = @t AND l.seller_id = s.seller_id AND l.external_id = s.external_id
              AND l.category_id = s.category_id AND l.status = s.status AND l.title = s.title AND l.attributes = s.attributes
              AND l.description IS s.description AND l.price_amount IS s.price_amount AND l.price_currency IS s.price_currency
              AND l.latitude IS s.latitude AND l.longitude IS s.longitude
            """, p, transaction);
        await connection.ExecuteAsync(
            """
            DELETE FROM feed_stage WHERE rejected OR EXISTS (
                SELECT 1 FROM listings l WHERE l.tenant_id = @t AND l.seller_id = feed_stage.seller_id
                  AND l.external_id = feed_stage.external_id AND l.last_import_id = @i)
            """, p, transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO listings (tenant_id, seller_id, category_id, external_id, status, title, description, price_amount, price_currency,
                                  attributes, latitude, longitude, version, created_at, updated_at, last_import_id)
            SELECT @t, seller_id, category_id, external_id, status, title, description, price_amount, price_currency,
                   attributes, latitude, longitude, 1, @now, @now, @i
            FROM feed_stage WHERE true
            ON CONFLICT (tenant_id, seller_id, external_id) DO UPDATE SET
                category_id = excluded.category_id, status = excluded.status, title = excluded.title, description = excluded.description,
                price_amount = excluded.price_amount, price_currency = excluded.price_currency, attributes = excluded.attributes,
                latitude = excluded.latitude, longitude = excluded.longitude, version = listings.version + 1,
                updated_at = excluded.updated_at, last_import_id = excluded.last_import_id
            """, p, transaction);
        Lap(clock, "merge");

        const string Written = "FROM feed_stage s JOIN listings l ON l.tenant_id = @t AND l.seller_id = s.seller_id AND l.external_id = s.external_id";
        long created, written;
        if (appendChanges)
        {
            var versions = (await connection.QueryAsync<int>(
                $"INSERT INTO listing_changes (tenant_id, listing_id, version, kind, changed_at) SELECT @t, l.id, l.version, 'upsert', @now {Written} ORDER BY l.id RETURNING version",
                p, transaction)).ToList();
            written = versions.Count;
            created = versions.Count(v => v == 1);
            Lap(clock, "changes");
        }
        else
        {
            (written, created) = await connection.QuerySingleAsync<(long, long)>(
                $"SELECT count(*), COALESCE(sum(CASE WHEN l.version = 1 THEN 1 ELSE 0 END), 0) {Written}", p, transaction);
        }

        return new FeedCounts { Created = created, Updated = written - created, Unchanged = unchanged, Rejected = duplicates };
    }

    private void Lap(Stopwatch clock, string stage)
    {
        progress?.AddStage(stage, clock.Elapsed);
        clock.Restart();
    }

    private Task LockChangeLogAsync(DbTransaction transaction) => ChangeLog.LockAsync(database, connection, transaction);

    /// <summary>Creates the sellers this batch names for the first time, in one statement.</summary>
    private async Task<long> CreateSellersAsync(DbTransaction transaction, IReadOnlyList<StagedRow> rows)
    {
        _pendingSellers.Clear();
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (sellers.Find(row.SellerExternalId) is { Id: 0 } pending && named.Add(pending.ExternalId))
            {
                _pendingSellers.Add(pending);
            }
        }

        if (_pendingSellers.Count == 0)
        {
            return 0;
        }

        foreach (var created in await sellerStore.InsertManyAsync(connection, transaction, tenantId, _pendingSellers))
        {
            sellers.Created(created);
        }

        return _pendingSellers.Count;
    }

    private static async Task CopyAsync(NpgsqlConnection npgsql, List<(StagedRow Row, long SellerId)> staged)
    {
        await using var copy = await npgsql.BeginBinaryImportAsync(
            "COPY feed_stage (line, seller_id, external_id, rejected, category_id, status, title, description, price_amount, price_currency, attributes, latitude, longitude) FROM STDIN (FORMAT BINARY)");
        foreach (var (row, sellerId) in staged)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(row.Line, NpgsqlDbType.Bigint);
            await copy.WriteAsync(sellerId, NpgsqlDbType.Bigint);
            await copy.WriteAsync(row.ExternalId, NpgsqlDbType.Text);
            var content = row.Content;
            await copy.WriteAsync(content is null, NpgsqlDbType.Boolean);
            if (content is null)
            {
                for (var i = 0; i < 9; i++)
                {
                    await copy.WriteNullAsync();
                }

                continue;
            }

            await copy.WriteAsync(content.CategoryId, NpgsqlDbType.Bigint);
            await copy.WriteAsync(content.Status, NpgsqlDbType.Text);
            await copy.WriteAsync(content.Title, NpgsqlDbType.Text);
            await WriteNullableAsync(copy, content.Description, NpgsqlDbType.Text);
            await WriteNullableAsync(copy, content.PriceAmount, NpgsqlDbType.Bigint);
            await WriteNullableAsync(copy, content.PriceCurrency, NpgsqlDbType.Text);
            await copy.WriteAsync(content.AttributesJson, NpgsqlDbType.Jsonb);
            await WriteNullableAsync(copy, content.Latitude, NpgsqlDbType.Double);
            await WriteNullableAsync(copy, content.Longitude, NpgsqlDbType.Double);
        }

        await copy.CompleteAsync();
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type) =>
        value is null ? copy.WriteNullAsync() : copy.WriteAsync(value, type);

    private void InsertSqlite(SqliteTransaction transaction, List<(StagedRow Row, long SellerId)> staged)
    {
        if (_stageInsert is null)
        {
            _stageInsert = ((SqliteConnection)connection).CreateCommand();
            _stageInsert.CommandText = "INSERT INTO temp.feed_stage VALUES ($0, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
            for (var i = 0; i < 13; i++)
            {
                _stageInsert.Parameters.Add(new SqliteParameter($"$" + i, null));
            }
        }

        _stageInsert.Transaction = transaction;
        var parameters = _stageInsert.Parameters;
        foreach (var (row, sellerId) in staged)
        {
            var content = row.Content;
            parameters[0].Value = row.Line;
            parameters[1].Value = sellerId;
            parameters[2].Value = row.ExternalId;
            parameters[3].Value = content is null ? 1 : 0;
            parameters[4].Value = (object?)content?.CategoryId ?? DBNull.Value;
            parameters[5].Value = (object?)content?.Status ?? DBNull.Value;
            parameters[6].Value = (object?)content?.Title ?? DBNull.Value;
            parameters[7].Value = (object?)content?.Description ?? DBNull.Value;
            parameters[8].Value = (object?)content?.PriceAmount ?? DBNull.Value;
            parameters[9].Value = (object?)content?.PriceCurrency ?? DBNull.Value;
            parameters[10].Value = (object?)content?.AttributesJson ?? DBNull.Value;
            parameters[11].Value = (object?)content?.Latitude ?? DBNull.Value;
            parameters[12].Value = (object?)content?.Longitude ?? DBNull.Value;
            _stageInsert.ExecuteNonQuery();
        }
    }

    public void Dispose()
    {
        _stageInsert?.Dispose();
        if (connection is SqliteConnection sqlite && sqlite.State == System.Data.ConnectionState.Open)
        {
            // The connection goes back to the pool: give it the default cache size again.
            using var reset = sqlite.CreateCommand();
            reset.CommandText = "PRAGMA cache_size = -2000; PRAGMA mmap_size = 0;";
            reset.ExecuteNonQuery();
        }
    }
}

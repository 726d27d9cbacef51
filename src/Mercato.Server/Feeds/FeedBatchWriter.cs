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
/// A batch ready to merge: its rows less in-batch duplicates (none left once copied ahead: their content is in the
/// staging table), the sellers they name, how many rows the reader gave, and the staging slot they were copied to
/// (null: not yet).
/// </summary>
internal sealed record PreparedBatch(List<StagedRow> Rows, HashSet<string> Sellers, int Count, long Duplicates, int? Slot);

/// <summary>
/// Writes batches of rows set-wise: the batch goes into a staging table (PostgreSQL: binary COPY; SQLite: one prepared
/// INSERT reused), then a few statements merge it: rows this import already wrote are duplicates, rows identical to
/// the stored listing are only marked as seen, the rest are inserted or updated with a new version, and each changed
/// listing gets its change-log entry in the same transaction under the change log's lock (taken once per batch, just
/// before the append). What this import has seen finds duplicates across batches and the listings a full sync takes
/// down: the listings it wrote carry its id in <c>listings.last_import_id</c>, and the ones it saw without writing
/// (unchanged or rejected rows) are listed in a narrow table, <c>feed_seen_{import}</c>. Both commit with the batch, so
/// a resumed import goes on with them; the table is dropped when the import ends. Marking an unchanged listing there
/// is one small row instead of a new version of the listing with its index entries, which is what made re-importing
/// an unchanged feed slower than the first import.
/// <para>
/// On PostgreSQL, given a second connection (<paramref name="stager"/>), the next batch is copied while the current
/// one merges: two unlogged staging tables per import take turns (<see cref="ReserveSlotAsync"/> waits until the
/// merge that read a table has committed). A row whose seller is created by a batch still merging is staged with the
/// seller's external id, and the merge looks the id up.
/// </para>
/// </summary>
internal sealed class FeedBatchWriter(
    Database database, DbConnection connection, SellerStore sellerStore, SellerResolver sellers, TimeProvider time, long tenantId, long importId, bool appendChanges,
    FeedProgress? progress = null, NpgsqlConnection? stager = null) : IAsyncDisposable
{
    private const string StageColumns =
        "line, seller_id, seller_key, external_id, rejected, category_id, status, title, description, price_amount, price_currency, attributes, latitude, longitude";

    // Reused from batch to batch by the staging side: its memory is one batch, whatever the size of the file.
    private readonly Dictionary<(string Seller, string ExternalId), long> _keys = [];
    private readonly HashSet<string> _sellersSeen = new(StringComparer.Ordinal);
    private readonly List<Seller> _pendingSellers = [];
    private readonly SemaphoreSlim _freeSlots = new(2, 2);
    private readonly HashSet<string> _analysed = new(StringComparer.Ordinal);
    private int _nextSlot;
    private SqliteCommand? _stageInsert;

    /// <summary>The sellers whose rows this import has read so far (for full sync).</summary>
    public IEnumerable<Seller> SellersSeen => _sellersSeen.Select(key => sellers.Find(key)!);

    private string StageTable(int slot) => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"feed_stage_{importId}_{slot}");

    /// <summary>The listings this import has seen and not written (unchanged, or named by a rejected row).</summary>
    private string SeenTable => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"feed_seen_{importId}");

    /// <summary>
    /// Creates the staging tables and, unless a resumed import already has it, the table of seen listings (once per
    /// import, outside any transaction). Tables left behind by imports that are no longer running are dropped first.
    /// </summary>
    public async Task CreateStagingAsync()
    {
        await DropLeftoversAsync();
        await connection.ExecuteAsync(
            $"CREATE TABLE IF NOT EXISTS {SeenTable} (listing_id {database.BigIntType} PRIMARY KEY)");
        if (!database.IsPostgres)
        {
            // A bigger page cache (256 MB, a constant whatever the file's size) and memory-mapped reads for this connection:
            // the merge probes the listing indexes a lot, and at 3M listings they outgrow a 64 MB cache (3M rows: 183.2 s
            // with 64 MB, 151.0 s with 256 MB; peak working set 820 → 918 MB).
            // A checkpoint every 256 MB of WAL instead of every 4 MB: batches rewrite many of the same index pages, which a
            // checkpoint copies into the database once each, and with the default every commit of a 20,000-row batch ran
            // one (commits of a 1M-row import: 13.5 s → 8.0 s; of a 3M-row one: 80.2 s → 56.3 s). What is left is
            // checkpointed when the import ends (DisposeAsync).
            // No index on the stage: every statement reads it whole and probes the listings' key index (see StagedListings).
            await connection.ExecuteAsync("PRAGMA cache_size = -262144; PRAGMA mmap_size = 268435456; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 65536;");
            await connection.ExecuteAsync(
                """
                CREATE TEMP TABLE IF NOT EXISTS feed_stage (
                    line INTEGER NOT NULL, seller_id INTEGER NOT NULL, seller_key TEXT, external_id TEXT NOT NULL, rejected INTEGER NOT NULL, category_id INTEGER,
                    status TEXT, title TEXT, description TEXT, price_amount INTEGER, price_currency TEXT, attributes TEXT,
                    latitude REAL, longitude REAL);
                """);
            return;
        }

        // No index on the staging tables: every statement reads them whole and probes the listings' key index instead.
        // The temporary one serves single-transaction imports; the unlogged ones take turns when a second connection
        // stages batches ahead (their rows must be visible to the merging session; unlogged: no WAL, and emptied by a
        // crash, which is all a staging table needs).
        var columns = """
            (line bigint NOT NULL, seller_id bigint, seller_key text NOT NULL, external_id text NOT NULL, rejected boolean NOT NULL, category_id bigint,
             status text, title text, description text, price_amount bigint, price_currency text, attributes jsonb,
             latitude double precision, longitude double precision)
            """;
        await connection.ExecuteAsync(
            $"""
            CREATE TEMP TABLE IF NOT EXISTS feed_stage {columns};
            CREATE TEMP TABLE IF NOT EXISTS feed_written (listing_id bigint NOT NULL, version integer NOT NULL);
            """);
        if (stager is not null)
        {
            await stager.ExecuteAsync($"CREATE UNLOGGED TABLE {StageTable(0)} {columns}; CREATE UNLOGGED TABLE {StageTable(1)} {columns};");
        }
    }

    /// <summary>
    /// The import has ended (completed, refused or failed, not interrupted): its seen listings are of no further use.
    /// </summary>
    public async Task DropSeenAsync() => await connection.ExecuteAsync($"DROP TABLE IF EXISTS {SeenTable}");

    /// <summary>
    /// Drops the staging and seen tables of imports that are no longer queued or running (a crash, or a failure that
    /// could not clean up), and this import's own staging tables from an interrupted run; its seen table stays.
    /// </summary>
    private async Task DropLeftoversAsync()
    {
        var tables = await connection.QueryAsync<string>(
            database.IsPostgres
                ? "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace AND relname ~ '^feed_(stage_[0-9]+_[01]|seen_[0-9]+)$'"
                : "SELECT name FROM sqlite_master WHERE type = 'table' AND name GLOB 'feed_seen_[0-9]*'");
        var running = (await connection.QueryAsync<long>("SELECT id FROM feed_imports WHERE status IN ('queued', 'running', 'interrupted')")).ToHashSet();
        foreach (var table in tables)
        {
            var owner = long.Parse(table.Split('_')[2], System.Globalization.CultureInfo.InvariantCulture);
            var seen = table.StartsWith("feed_seen_", StringComparison.Ordinal);
            if (!running.Contains(owner) || (!seen && owner == importId))
            {
                await connection.ExecuteAsync($"DROP TABLE IF EXISTS \"{table}\"");
            }
        }
    }

    /// <summary>
    /// With a staging connection: waits until one of the two staging tables is free (the merge that last read it has
    /// committed). Call before taking the next batch, so a batch waiting for a table is not held in memory meanwhile.
    /// </summary>
    public Task ReserveSlotAsync(CancellationToken cancellationToken) => stager is null ? Task.CompletedTask : _freeSlots.WaitAsync(cancellationToken);

    /// <summary>After the batch's transaction has committed: its staging table may be reused.</summary>
    public void Release(PreparedBatch batch)
    {
        if (batch.Slot is not null)
        {
            _freeSlots.Release();
        }
    }

    /// <summary>
    /// Drops rows whose key came earlier in the same batch (reported in <paramref name="issues"/>) and, with a staging
    /// connection, copies the rest into the reserved staging table and empties <paramref name="rows"/>: a batch waiting
    /// for its merge holds no content then, so only the batches being read and copied do (memory). Runs ahead of the
    /// merge, on its own thread.
    /// </summary>
    public async Task<PreparedBatch> PrepareAsync(List<StagedRow> rows, List<FeedIssue> issues, string idField, CancellationToken cancellationToken)
    {
        _keys.Clear();
        _keys.EnsureCapacity(rows.Count);
        var kept = new List<StagedRow>(rows.Count);
        var named = new HashSet<string>(StringComparer.Ordinal);
        var count = rows.Count;
        long duplicates = 0;
        foreach (var row in rows)
        {
            if (!_keys.TryAdd((row.SellerExternalId, row.ExternalId), row.Line))
            {
                issues.Add(new FeedIssue(row.Line, idField, row.ExternalId, $"duplicate: line {_keys[(row.SellerExternalId, row.ExternalId)]} has the same id for this seller; the first one counts"));
                duplicates += row.Content is null ? 0 : 1;
                continue;
            }

            _sellersSeen.Add(row.SellerExternalId);
            named.Add(row.SellerExternalId);
            kept.Add(row);
        }

        if (stager is null)
        {
            return new PreparedBatch(kept, named, count, duplicates, null);
        }

        var clock = Stopwatch.StartNew();
        var slot = _nextSlot;
        _nextSlot ^= 1;
        cancellationToken.ThrowIfCancellationRequested();
        await stager.ExecuteAsync($"TRUNCATE {StageTable(slot)}");
        await CopyAsync(stager, StageTable(slot), kept);
        progress?.AddStage("copy (ahead)", clock.Elapsed);
        rows.Clear();
        return new PreparedBatch([], named, count, duplicates, slot);
    }

    /// <summary>Writes one prepared batch inside <paramref name="transaction"/>; duplicate keys found in the database are added to <paramref name="issues"/>.</summary>
    public async Task<FeedCounts> WriteAsync(DbTransaction transaction, PreparedBatch batch, List<FeedIssue> issues, string idField)
    {
        var clock = Stopwatch.StartNew();
        var sellersCreated = await CreateSellersAsync(transaction, batch.Sellers);
        Lap(clock, "sellers");
        var counts = database.IsPostgres
            ? await MergePostgresAsync((NpgsqlConnection)connection, transaction, batch, issues, idField, clock)
            : await MergeSqliteAsync((SqliteTransaction)transaction, batch.Rows, issues, idField, clock);
        return counts with { Rejected = counts.Rejected + batch.Duplicates, SellersCreated = sellersCreated };
    }

    /// <summary>Full sync: how many active listings of the seller this import has not seen, out of how many active ones.</summary>
    public async Task<(long Missing, long Active)> CountMissingAsync(DbTransaction? transaction, long sellerId) =>
        await connection.QuerySingleAsync<(long, long)>(
            $"""
            SELECT COALESCE(sum(CASE WHEN x.listing_id IS NULL AND (l.last_import_id IS NULL OR l.last_import_id <> @i) THEN 1 ELSE 0 END), 0), count(*)
            FROM listings l LEFT JOIN {SeenTable} x ON x.listing_id = l.id
            WHERE l.tenant_id = @t AND l.seller_id = @sellerId AND l.status = 'active'
            """,
            new { t = tenantId, i = importId, sellerId }, transaction);

    /// <summary>Full sync: marks the seller's active listings this import has not seen as unavailable, with change-log entries.</summary>
    public async Task<long> RemoveMissingAsync(DbTransaction transaction, long sellerId)
    {
        var removed = (await connection.QueryAsync<(long Id, int Version)>(
            $"""
            UPDATE listings SET status = 'unavailable', version = version + 1, updated_at = @now
            WHERE tenant_id = @t AND seller_id = @sellerId AND status = 'active' AND (last_import_id IS NULL OR last_import_id <> @i)
              AND NOT EXISTS (SELECT 1 FROM {SeenTable} x WHERE x.listing_id = listings.id)
            RETURNING id, version
            """,
            new { t = tenantId, i = importId, sellerId, now = time.GetUtcNow() }, transaction)).OrderBy(r => r.Id).ToList();
        if (removed.Count > 0 && appendChanges)
        {
            await ChangeLog.AppendUpsertsAsync(database, connection, transaction, tenantId, removed, time);
        }

        return removed.Count;
    }

    /// <summary>
    /// PostgreSQL: the batch is in a staging table (copied ahead by the staging connection, or copied here), then one
    /// statement merges it (<see cref="MergeStatementAsync"/>) and remembers what it wrote in <c>feed_written</c>. The
    /// change-log entries are appended afterwards from <c>feed_written</c> in listing order under the change log's lock,
    /// so the lock is held only for that insert and the commit.
    /// </summary>
    private async Task<FeedCounts> MergePostgresAsync(NpgsqlConnection npgsql, DbTransaction transaction, PreparedBatch batch, List<FeedIssue> issues, string idField, Stopwatch clock)
    {
        string table;
        if (batch.Slot is { } slot)
        {
            table = StageTable(slot);
            await connection.ExecuteAsync("TRUNCATE feed_written", transaction: transaction);
        }
        else
        {
            table = "feed_stage";
            await connection.ExecuteAsync("TRUNCATE feed_stage, feed_written", transaction: transaction);
            await CopyAsync(npgsql, table, batch.Rows);
            Lap(clock, "copy");
        }

        // Autovacuum never analyses temporary tables (nor, soon enough, a staging table): without statistics the
        // planner guesses the batch size. Once per table is enough: later batches are the same size.
        if (_analysed.Add(table))
        {
            await connection.ExecuteAsync($"ANALYZE {table}", transaction: transaction);
        }

        // A batch is small next to the listings it lands in, so each staged key is best looked up in the key index.
        // The statistics of listings lag behind an import that is filling them (a new tenant looks empty until
        // autovacuum analyses it), and then the planner hashes all of the tenant's listings for every batch instead:
        // seconds per batch at a million listings. Only nested loops are left to it, for this transaction; and no JIT
        // compilation, which the cost estimates of a 20,000-row insert trigger on every batch for nothing; and memory
        // enough to keep the looked-up batch (the materialised CTE of the merge, ~15 MB) off disk. The savepoint is for
        // the retry below.
        await connection.ExecuteAsync(
            "SET LOCAL enable_hashjoin = off; SET LOCAL enable_mergejoin = off; SET LOCAL jit = off; SET LOCAL work_mem = '64MB'; SAVEPOINT feed_merge",
            transaction: transaction);

        var p = new { t = tenantId, i = importId, now = time.GetUtcNow() };
        (long Unchanged, long Written, long Created, long Duplicates) merged;
        try
        {
            merged = await MergeStatementAsync(transaction, table, p, onConflict: false, issues, idField);
        }
        catch (PostgresException conflict) when (conflict.SqlState == PostgresErrorCodes.UniqueViolation && conflict.TableName == "listings")
        {
            // Another writer created one of these keys after this statement's snapshot: merge again, upserting.
            await connection.ExecuteAsync("ROLLBACK TO SAVEPOINT feed_merge", transaction: transaction);
            merged = await MergeStatementAsync(transaction, table, p, onConflict: true, issues, idField);
        }

        var (unchanged, written, created, duplicates) = merged;
        Lap(clock, "merge");
        if (appendChanges && written > 0)
        {
            await ChangeLog.AppendWrittenPostgresAsync(connection, transaction, "feed_written", p.t, p.now);
            Lap(clock, "changes");
        }

        return new FeedCounts { Created = created, Updated = written - created, Unchanged = unchanged, Rejected = duplicates };
    }

    /// <summary>
    /// The PostgreSQL merge of the staged batch, one statement: each staged key is looked up in <c>listings</c> and in
    /// the seen table once (<c>cur</c>); changed rows are updated, new ones inserted, the written <c>(id, version)</c>
    /// pairs kept in <c>feed_written</c>, and the listings of rejected and unchanged rows added to the seen table. Rows
    /// an earlier batch of this import already saw come back as duplicates, then one row with the counts. New keys are
    /// inserted without <c>ON CONFLICT</c>, which would probe the key index a second time for each of them;
    /// <paramref name="onConflict"/> adds it for the retry after another writer created one of the keys concurrently.
    /// </summary>
    private async Task<(long Unchanged, long Written, long Created, long Duplicates)> MergeStatementAsync(
        DbTransaction transaction, string table, object parameters, bool onConflict, List<FeedIssue> issues, string idField)
    {
        const string Upsert =
            """
            ON CONFLICT (tenant_id, seller_id, external_id) DO UPDATE SET
                category_id = excluded.category_id, status = excluded.status, title = excluded.title, description = excluded.description,
                price_amount = excluded.price_amount, price_currency = excluded.price_currency, attributes = excluded.attributes,
                latitude = excluded.latitude, longitude = excluded.longitude, version = listings.version + 1,
                updated_at = excluded.updated_at, last_import_id = excluded.last_import_id
            """;
        long unchanged = 0, written = 0, created = 0, duplicates = 0;
        await using var reader = await connection.ExecuteReaderAsync(
            $"""
            WITH staged AS (
                SELECT s.line, COALESCE(s.seller_id, (SELECT x.id FROM sellers x WHERE x.tenant_id = @t AND x.external_id = s.seller_key)) AS seller_id,
                       s.external_id, s.rejected, s.category_id, s.status, s.title, s.description, s.price_amount, s.price_currency,
                       s.attributes, s.latitude, s.longitude
                FROM {table} s
            ),
            cur AS MATERIALIZED (
                SELECT s.*, l.id AS listing_id, COALESCE(l.last_import_id = @i, false) OR x.listing_id IS NOT NULL AS seen,
                       COALESCE(l.category_id = s.category_id AND l.status = s.status AND l.title = s.title AND l.attributes = s.attributes
                           AND l.description IS NOT DISTINCT FROM s.description AND l.price_amount IS NOT DISTINCT FROM s.price_amount
                           AND l.price_currency IS NOT DISTINCT FROM s.price_currency AND l.latitude IS NOT DISTINCT FROM s.latitude
                           AND l.longitude IS NOT DISTINCT FROM s.longitude, false) AS same
                FROM staged s
                LEFT JOIN listings l ON l.tenant_id = @t AND l.seller_id = s.seller_id AND l.external_id = s.external_id
                LEFT JOIN {SeenTable} x ON x.listing_id = l.id
            ),
            changed AS (
                UPDATE listings AS l SET
                    category_id = cur.category_id, status = cur.status, title = cur.title, description = cur.description,
                    price_amount = cur.price_amount, price_currency = cur.price_currency, attributes = cur.attributes,
                    latitude = cur.latitude, longitude = cur.longitude, version = l.version + 1, updated_at = @now, last_import_id = @i
                FROM cur WHERE l.id = cur.listing_id AND NOT cur.rejected AND NOT cur.seen AND NOT cur.same
                RETURNING l.id, l.version
            ),
            inserted AS (
                INSERT INTO listings (tenant_id, seller_id, category_id, external_id, status, title, description, price_amount, price_currency,
                                      attributes, latitude, longitude, version, created_at, updated_at, last_import_id)
                SELECT @t, seller_id, category_id, external_id, status, title, description, price_amount, price_currency,
                       attributes, latitude, longitude, 1, @now, @now, @i
                FROM cur WHERE cur.listing_id IS NULL AND NOT rejected
                {(onConflict ? Upsert : "")}
                RETURNING id, version
            ),
            remembered AS (
                INSERT INTO feed_written (listing_id, version) SELECT id, version FROM changed UNION ALL SELECT id, version FROM inserted
            ),
            marked AS (
                INSERT INTO {SeenTable} (listing_id) SELECT listing_id FROM cur WHERE listing_id IS NOT NULL AND NOT seen AND (rejected OR same)
            )
            SELECT line, external_id, rejected, NULL::bigint AS unchanged, NULL::bigint AS written, NULL::bigint AS created FROM cur WHERE seen
            UNION ALL
            SELECT -1, NULL, false, (SELECT count(*) FROM cur WHERE listing_id IS NOT NULL AND NOT seen AND NOT rejected AND same),
                   (SELECT count(*) FROM changed) + (SELECT count(*) FROM inserted), (SELECT count(*) FROM inserted WHERE version = 1)
            """, parameters, transaction);
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

        return (unchanged, written, created, duplicates);
    }

    /// <summary>
    /// SQLite: the staged rows with their stored listing. <c>CROSS JOIN</c> is SQLite's way to fix the join order: the
    /// stage drives and each staged key probes the listings' key index. Left to itself (no statistics), the planner scans
    /// all of the tenant's listings and probes the stage's index instead, once per batch: imports slowed down as the
    /// catalog grew, to 3,000 rows/s at 3 million listings.
    /// </summary>
    private const string StagedListings = "feed_stage s CROSS JOIN listings l ON l.tenant_id = @t AND l.seller_id = s.seller_id AND l.external_id = s.external_id";

    /// <summary>SQLite: listing <c>l</c> was written or seen by this import.</summary>
    private string SeenListing => $"(l.last_import_id = @i OR EXISTS (SELECT 1 FROM {SeenTable} x WHERE x.listing_id = l.id))";

    /// <summary>SQLite: the staged batch merged statement by statement (one writer, so the change log's order is commit order).</summary>
    private async Task<FeedCounts> MergeSqliteAsync(SqliteTransaction transaction, List<StagedRow> rows, List<FeedIssue> issues, string idField, Stopwatch clock)
    {
        await connection.ExecuteAsync("DELETE FROM temp.feed_stage", transaction: transaction);
        InsertSqlite(transaction, rows);
        Lap(clock, "copy");

        var p = new { t = tenantId, i = importId, now = time.GetUtcNow() };
        long duplicates = 0;
        var earlier = (await connection.QueryAsync<(long Line, string ExternalId, long Rejected)>(
            $"""
            SELECT s.line, s.external_id, s.rejected FROM {StagedListings} WHERE {SeenListing}
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

        // What is left of the stage was not seen before: rejected and unchanged rows are marked as seen and leave it.
        if (rows.Exists(r => r.Content is null))
        {
            await connection.ExecuteAsync(
            $"""
            INSERT INTO {SeenTable} (listing_id) SELECT l.id FROM {StagedListings}
            WHERE s.rejected
            """, p, transaction);
        }

        var unchanged = await connection.ExecuteAsync(
            $"""
            INSERT INTO {SeenTable} (listing_id) SELECT l.id FROM {StagedListings}
            WHERE NOT s.rejected AND l.category_id = s.category_id AND l.status = s.status AND l.title = s.title AND l.attributes = s.attributes
              AND l.description IS s.description AND l.price_amount IS s.price_amount AND l.price_currency IS s.price_currency
              AND l.latitude IS s.latitude AND l.longitude IS s.longitude
            """, p, transaction);
        await connection.ExecuteAsync(
            $"""
            DELETE FROM feed_stage WHERE rejected OR EXISTS (
                SELECT 1 FROM listings l
                WHERE l.tenant_id = @t AND l.seller_id = feed_stage.seller_id AND l.external_id = feed_stage.external_id AND {SeenListing})
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

        const string Written = $"FROM {StagedListings}";
        long created, written;
        if (appendChanges)
        {
            var versions = await ChangeLog.AppendSelectedAsync(connection, transaction, Written, p);
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

    /// <summary>Creates the sellers this batch names for the first time, in one statement.</summary>
    private async Task<long> CreateSellersAsync(DbTransaction transaction, HashSet<string> named)
    {
        _pendingSellers.Clear();
        foreach (var key in named)
        {
            if (sellers.Find(key) is { Id: 0 } pending)
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

    /// <summary>Binary COPY of the rows into a staging table; a seller still being created is staged by its external id.</summary>
    private async Task CopyAsync(NpgsqlConnection npgsql, string table, List<StagedRow> rows)
    {
        await using var copy = await npgsql.BeginBinaryImportAsync($"COPY {table} ({StageColumns}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            await copy.StartRowAsync();
            await copy.WriteAsync(row.Line, NpgsqlDbType.Bigint);
            var sellerId = sellers.Find(row.SellerExternalId)!.Id;
            await (sellerId == 0 ? copy.WriteNullAsync() : copy.WriteAsync(sellerId, NpgsqlDbType.Bigint));
            await copy.WriteAsync(row.SellerExternalId, NpgsqlDbType.Text);
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

    private void InsertSqlite(SqliteTransaction transaction, List<StagedRow> rows)
    {
        if (_stageInsert is null)
        {
            _stageInsert = ((SqliteConnection)connection).CreateCommand();
            _stageInsert.CommandText = "INSERT INTO temp.feed_stage VALUES ($0, $1, NULL, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
            for (var i = 0; i < 13; i++)
            {
                _stageInsert.Parameters.Add(new SqliteParameter($"$" + i, null));
            }
        }

        _stageInsert.Transaction = transaction;
        var parameters = _stageInsert.Parameters;
        foreach (var row in rows)
        {
            var content = row.Content;
            parameters[0].Value = row.Line;
            parameters[1].Value = sellers.Find(row.SellerExternalId)!.Id;
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

    public async ValueTask DisposeAsync()
    {
        _stageInsert?.Dispose();
        _freeSlots.Dispose();
        if (stager is { State: System.Data.ConnectionState.Open })
        {
            await stager.ExecuteAsync($"DROP TABLE IF EXISTS {StageTable(0)}, {StageTable(1)}");
        }

        if (connection is SqliteConnection sqlite && sqlite.State == System.Data.ConnectionState.Open)
        {
            // The import's own checkpoint (without waiting for readers), rather than leaving up to 256 MB of WAL to the
            // next writer's commit; then the connection goes back to the pool with the default settings again.
            await using var reset = sqlite.CreateCommand();
            reset.CommandText = "PRAGMA wal_checkpoint(PASSIVE); PRAGMA cache_size = -2000; PRAGMA mmap_size = 0; PRAGMA wal_autocheckpoint = 1000;";
            await reset.ExecuteNonQueryAsync();
        }
    }
}

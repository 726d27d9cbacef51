using System.Data.Common;
using System.Text.Json;
using Dapper;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Feeds;

/// <summary>Import records, their report rows and saved mappings. Every query filters on the tenant.</summary>
internal sealed class FeedImportStore(Database database, TimeProvider time)
{
    private const string Columns =
        """
        i.id, i.tenant_id, s.external_id, i.requested_by, i.source, i.stored_file, i.file_hash, i.file_bytes, i.format, i.encoding,
        i.options, i.status, i.error, i.rows_read, i.rows_created, i.rows_updated, i.rows_unchanged, i.rows_removed, i.rows_rejected,
        i.sellers_created, i.issues, i.committed_line, i.warnings, i.created_at, i.started_at, i.updated_at, i.finished_at, i.seller_id
        """;

    public Database Database => database;

    public async Task<FeedImport> CreateAsync(
        DbConnection connection, DbTransaction? transaction, long tenantId, long? sellerId, string requestedBy, string source,
        string? storedFile, string? fileHash, long? fileBytes, FeedImportOptions options, string status)
    {
        var now = time.GetUtcNow();
        var id = await connection.ExecuteScalarAsync<long>(
            $"""
            INSERT INTO feed_imports (tenant_id, seller_id, requested_by, source, stored_file, file_hash, file_bytes, options, status, created_at, updated_at)
            VALUES (@tenantId, @sellerId, @requestedBy, @source, @storedFile, @fileHash, @fileBytes, {database.Json("@options")}, @status, @now, @now)
            RETURNING id
            """,
            new { tenantId, sellerId, requestedBy, source, storedFile, fileHash, fileBytes, options = JsonSerializer.Serialize(options, JsonDefaults.Options), status, now },
            transaction);
        return (await FindAsync(connection, transaction, tenantId, id))!;
    }

    public async Task<FeedImport?> FindAsync(long tenantId, long id, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await FindAsync(connection, null, tenantId, id);
    }

    public async Task<FeedImport?> FindAsync(DbConnection connection, DbTransaction? transaction, long tenantId, long id) =>
        (await QueryAsync(connection, transaction, $"SELECT {Columns} FROM feed_imports i LEFT JOIN sellers s ON s.id = i.seller_id WHERE i.tenant_id = @tenantId AND i.id = @id", new { tenantId, id })) is [var found] ? found : null;

    public async Task<IReadOnlyList<FeedImport>> ListAsync(long tenantId, long before, int limit, long? sellerId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(connection, null,
            $"SELECT {Columns} FROM feed_imports i LEFT JOIN sellers s ON s.id = i.seller_id WHERE i.tenant_id = @tenantId AND i.id < @before {(sellerId is null ? "" : "AND i.seller_id = @sellerId")} ORDER BY i.id DESC LIMIT @limit",
            new { tenantId, before, limit, sellerId });
    }

    /// <summary>Imports that say they are running, interrupted or queued (across tenants): candidates to resume or to declare failed.</summary>
    public async Task<IReadOnlyList<FeedImport>> UnfinishedAsync(long? tenantId, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(connection, null,
            $"SELECT {Columns} FROM feed_imports i LEFT JOIN sellers s ON s.id = i.seller_id WHERE i.status IN ('queued', 'running', 'interrupted') AND (@tenantId IS NULL OR i.tenant_id = @tenantId) ORDER BY i.id",
            new { tenantId });
    }

    /// <summary>Imports of every tenant that say they are running and have not moved since <paramref name="before"/>.</summary>
    public async Task<IReadOnlyList<FeedImport>> RunningSinceAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await QueryAsync(connection, null,
            $"SELECT {Columns} FROM feed_imports i LEFT JOIN sellers s ON s.id = i.seller_id WHERE i.status = 'running' AND i.updated_at < @before ORDER BY i.id",
            new { before });
    }

    /// <summary>
    /// Running → interrupted, only if it still says running (the caller holds its lease, so nothing else changes it).
    /// The interruption is counted; past <paramref name="maxResumes"/> the import ends <c>failed</c> with
    /// <paramref name="gaveUpReason"/> instead, so a file that kills its process every time is not resumed forever.
    /// </summary>
    /// <returns>Whether it changed, and whether it was failed rather than marked for resumption.</returns>
    public async Task<(bool Changed, bool GaveUp)> MarkInterruptedAsync(DbConnection connection, long tenantId, long id, string reason, int maxResumes, string gaveUpReason)
    {
        await using var transaction = await Database.BeginWriteAsync(connection);
        var interruptions = await connection.ExecuteScalarAsync<int?>(
            """
            UPDATE feed_imports SET interruptions = interruptions + 1,
                status = CASE WHEN interruptions + 1 > @maxResumes THEN 'failed' ELSE 'interrupted' END,
                error = CASE WHEN interruptions + 1 > @maxResumes THEN @gaveUpReason ELSE @reason END,
                updated_at = @now
            WHERE tenant_id = @tenantId AND id = @id AND status = 'running'
            RETURNING interruptions
            """,
            new { tenantId, id, reason, gaveUpReason, maxResumes, now = time.GetUtcNow() }, transaction);
        await transaction.CommitAsync();
        return (interruptions is not null, interruptions > maxResumes);
    }

    /// <summary>
    /// Imports of one seller (or of no seller: an administrator's multi-dealer imports) that are not finished. On
    /// PostgreSQL it first takes a lock on that seller for the transaction, so two requests cannot both pass the cap.
    /// </summary>
    public async Task<long> ActiveCountAsync(DbConnection connection, DbTransaction transaction, long tenantId, long? sellerId)
    {
        await database.LockForTransactionAsync(connection, transaction, 0x46454544, $"{tenantId}:{sellerId}");

        return await connection.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM feed_imports WHERE tenant_id = @tenantId AND (seller_id = @sellerId OR (seller_id IS NULL AND @sellerId IS NULL)) AND status IN ('queued', 'running', 'interrupted')",
            new { tenantId, sellerId }, transaction);
    }

    public Task MarkStartedAsync(DbConnection connection, long tenantId, long id, string format, string encoding, IReadOnlyList<string> warnings) =>
        connection.ExecuteAsync(
            $"""
            UPDATE feed_imports SET status = 'running', format = @format, encoding = @encoding, warnings = {database.Json("@warnings")},
                started_at = COALESCE(started_at, @now), updated_at = @now, error = NULL
            WHERE tenant_id = @tenantId AND id = @id
            """,
            new { tenantId, id, format, encoding, warnings = JsonSerializer.Serialize(warnings), now = time.GetUtcNow() });

    /// <summary>Saves counts and the committed line; in the batch's own transaction, so they always match the data.</summary>
    public Task SaveProgressAsync(DbConnection connection, DbTransaction? transaction, long tenantId, long id, FeedCounts counts, long committedLine) =>
        connection.ExecuteAsync(
            """
            UPDATE feed_imports SET rows_read = @Read, rows_created = @Created, rows_updated = @Updated, rows_unchanged = @Unchanged,
                rows_removed = @Removed, rows_rejected = @Rejected, sellers_created = @SellersCreated, issues = @Issues,
                committed_line = @committedLine, updated_at = @now
            WHERE tenant_id = @tenantId AND id = @id
            """,
            new { tenantId, id, counts.Read, counts.Created, counts.Updated, counts.Unchanged, counts.Removed, counts.Rejected, counts.SellersCreated, counts.Issues, committedLine, now = time.GetUtcNow() },
            transaction);

    public async Task FinishAsync(DbConnection connection, long tenantId, long id, string status, string? error, FeedCounts? counts, IReadOnlyList<string>? warnings)
    {
        await using var transaction = await Database.BeginWriteAsync(connection);
        if (counts is not null)
        {
            await connection.ExecuteAsync(
                """
                UPDATE feed_imports SET rows_read = @Read, rows_created = @Created, rows_updated = @Updated, rows_unchanged = @Unchanged,
                    rows_removed = @Removed, rows_rejected = @Rejected, sellers_created = @SellersCreated, issues = @Issues
                WHERE tenant_id = @tenantId AND id = @id
                """,
                new { tenantId, id, counts.Read, counts.Created, counts.Updated, counts.Unchanged, counts.Removed, counts.Rejected, counts.SellersCreated, counts.Issues },
                transaction);
        }

        if (warnings is not null)
        {
            await connection.ExecuteAsync(
                $"UPDATE feed_imports SET warnings = {database.Json("@warnings")} WHERE tenant_id = @tenantId AND id = @id",
                new { tenantId, id, warnings = JsonSerializer.Serialize(warnings) }, transaction);
        }

        var now = time.GetUtcNow();
        await connection.ExecuteAsync(
            "UPDATE feed_imports SET status = @status, error = @error, finished_at = @now, updated_at = @now WHERE tenant_id = @tenantId AND id = @id",
            new { tenantId, id, status, error, now }, transaction);
        await transaction.CommitAsync();
    }

    public static async Task AddIssuesAsync(DbConnection connection, DbTransaction? transaction, long tenantId, long importId, IReadOnlyList<FeedIssue> issues)
    {
        if (issues.Count == 0)
        {
            return;
        }

        await connection.ExecuteAsync(
            "INSERT INTO feed_import_issues (import_id, tenant_id, line, field, value, reason) VALUES (@importId, @tenantId, @Line, @Field, @Value, @Reason)",
            issues.Select(i => new { importId, tenantId, i.Line, i.Field, i.Value, i.Reason }),
            transaction);
    }

    /// <summary>The report's rows in line order, streamed (a report may hold many).</summary>
    public async IAsyncEnumerable<FeedIssue> IssuesAsync(long tenantId, long importId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var reader = await connection.ExecuteReaderAsync(
            "SELECT line, field, value, reason FROM feed_import_issues WHERE tenant_id = @tenantId AND import_id = @importId ORDER BY line",
            new { tenantId, importId });
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return new FeedIssue(
                reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetString(3));
        }
    }

    public async Task<FeedMapping?> SavedMappingAsync(DbConnection connection, long tenantId, long sellerId)
    {
        var json = await connection.ExecuteScalarAsync<string?>(
            $"SELECT {database.JsonText("mapping")} FROM feed_mappings WHERE tenant_id = @tenantId AND seller_id = @sellerId", new { tenantId, sellerId });
        return json is null ? null : FeedMapping.Parse(json, out _);
    }

    public async Task SaveMappingAsync(long tenantId, long sellerId, FeedMapping mapping, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(
            $"""
            INSERT INTO feed_mappings (tenant_id, seller_id, mapping, updated_at) VALUES (@tenantId, @sellerId, {database.Json("@mapping")}, @now)
            ON CONFLICT (tenant_id, seller_id) DO UPDATE SET mapping = excluded.mapping, updated_at = excluded.updated_at
            """,
            new { tenantId, sellerId, mapping = mapping.ToJson(), now = time.GetUtcNow() },
            transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<IReadOnlyList<FeedImport>> QueryAsync(DbConnection connection, DbTransaction? transaction, string sql, object parameters)
    {
        await using var reader = await connection.ExecuteReaderAsync(sql.Replace("i.options", database.JsonText("i.options"), StringComparison.Ordinal)
            .Replace("i.warnings", database.JsonText("i.warnings"), StringComparison.Ordinal), parameters, transaction);
        var list = new List<FeedImport>();
        while (await reader.ReadAsync())
        {
            list.Add(new FeedImport
            {
                Id = reader.GetInt64(0),
                TenantId = reader.GetInt64(1),
                Seller = reader.IsDBNull(2) ? null : reader.GetString(2),
                RequestedBy = reader.GetString(3),
                Source = reader.GetString(4),
                StoredFile = reader.IsDBNull(5) ? null : reader.GetString(5),
                FileHash = reader.IsDBNull(6) ? null : reader.GetString(6),
                FileBytes = reader.IsDBNull(7) ? null : reader.GetInt64(7),
                Format = reader.IsDBNull(8) ? null : reader.GetString(8),
                Encoding = reader.IsDBNull(9) ? null : reader.GetString(9),
                Options = JsonSerializer.Deserialize<FeedImportOptions>(reader.GetString(10), JsonDefaults.Options) ?? new FeedImportOptions(),
                Status = reader.GetString(11),
                Error = reader.IsDBNull(12) ? null : reader.GetString(12),
                Counts = new FeedCounts
                {
                    Read = reader.GetInt64(13),
                    Created = reader.GetInt64(14),
                    Updated = reader.GetInt64(15),
                    Unchanged = reader.GetInt64(16),
                    Removed = reader.GetInt64(17),
                    Rejected = reader.GetInt64(18),
                    SellersCreated = reader.GetInt64(19),
                    Issues = reader.GetInt64(20),
                },
                CommittedLine = reader.GetInt64(21),
                Warnings = JsonSerializer.Deserialize<List<string>>(reader.GetString(22)) ?? [],
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(23),
                StartedAt = reader.IsDBNull(24) ? null : reader.GetFieldValue<DateTimeOffset>(24),
                UpdatedAt = reader.GetFieldValue<DateTimeOffset>(25),
                FinishedAt = reader.IsDBNull(26) ? null : reader.GetFieldValue<DateTimeOffset>(26),
                SellerId = reader.IsDBNull(27) ? null : reader.GetInt64(27),
            });
        }

        return list;
    }
}

using System.Data.Common;
using Dapper;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Jobs;

/// <summary>A job a worker has claimed: it is <c>running</c> on that worker's node until completed, failed, deferred or released.</summary>
internal sealed record ClaimedJob(
    long Id, long? TenantId, string Queue, string Kind, string Payload, int Attempt, int MaxAttempts, long TimeoutMs,
    DateTimeOffset RunAt, DateTimeOffset StartedAt, string? BudgetKey, int? BudgetUnits);

/// <summary>
/// The SQL of the worker side: claim, finish, defer, heartbeat, rescue, prune. Every state change of a running job
/// is guarded by its node and state, so a node that was given up for dead cannot overwrite what another did since.
/// </summary>
internal sealed partial class JobStore(Database database) : IDisposable
{
    private const int QueueLockClass = 0x4A4F43;

    // SQLite has one writer: job writes of this process queue here instead of in SQLite's sleep-and-retry busy loop.
    private readonly SemaphoreSlim _sqliteWrites = new(1, 1);

    public Database Database => database;

    public void Dispose() => _sqliteWrites.Dispose();

    public async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string queue, string node, int limit, int? globalLimit, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var parameters = new { queue, node, limit, now = database.Param(now) };
        const string Returning = " attempt, max_attempts, timeout_ms, run_at, started_at, budget_key, budget_units";
        if (!database.IsPostgres)
        {
            // A read first: WAL readers never wait, and an idle poll then takes no write lock at all.
            var ready = await connection.ExecuteScalarAsync<long>(
                "SELECT EXISTS (SELECT 1 FROM jobs WHERE state = 'available' AND queue = @queue AND run_at <= @now)", parameters);
            if (ready == 0)
            {
                return [];
            }

            await _sqliteWrites.WaitAsync(cancellationToken);
            try
            {
                return await ReadClaimedAsync(connection, null,
                    """
                    UPDATE jobs SET state = 'running', attempt = attempt + 1, node = @node, started_at = @now, deadline_at = @now + timeout_ms, cancel_requested = 0
                    WHERE id IN (SELECT id FROM jobs WHERE state = 'available' AND queue = @queue AND run_at <= @now ORDER BY priority DESC, run_at, id LIMIT @limit)
                    RETURNING id, tenant_id, queue, kind, payload,
                    """ + Returning, parameters, cancellationToken);
            }
            finally
            {
                _sqliteWrites.Release();
            }
        }

        // The worker's own bookkeeping commits without waiting for the WAL flush: if the database server crashes and
        // loses the last milliseconds, a lost claim leaves the job available and a lost completion runs it again —
        // the at-least-once promise holds. Enqueues happen in callers' transactions, untouched by this.
        var claim =
            """
            SET LOCAL synchronous_commit = off;
            WITH picked AS (
                SELECT id FROM jobs WHERE state = 'available' AND queue = @queue AND run_at <= @now
                ORDER BY priority DESC, run_at, id LIMIT @limit FOR UPDATE SKIP LOCKED)
            UPDATE jobs j SET state = 'running', attempt = j.attempt + 1, node = @node, started_at = @now,
                deadline_at = @now + j.timeout_ms * interval '1 millisecond', cancel_requested = false
            FROM picked WHERE j.id = picked.id
            RETURNING j.id, j.tenant_id, j.queue, j.kind, CAST(j.payload AS text),
            """ + Returning;
        if (globalLimit is null)
        {
            return await ReadClaimedAsync(connection, null, claim, parameters, cancellationToken);
        }

        // A global limit needs the running count and the claim to be one decision across nodes: serialise them per queue.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_xact_lock(@QueueLockClass, hashtext(@queue))", new { QueueLockClass, queue }, transaction);
        var running = await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM jobs WHERE state = 'running' AND queue = @queue", new { queue }, transaction);
        var allowed = Math.Min(limit, globalLimit.Value - running);
        var claimed = allowed <= 0
            ? []
            : await ReadClaimedAsync(connection, transaction, claim, new { queue, node, limit = allowed, now = database.Param(now) }, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claimed;
    }

    private static async Task<IReadOnlyList<ClaimedJob>> ReadClaimedAsync(DbConnection connection, DbTransaction? transaction, string sql, object parameters, CancellationToken cancellationToken)
    {
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
        var jobs = new List<ClaimedJob>();
        while (await reader.ReadAsync(cancellationToken))
        {
            jobs.Add(new ClaimedJob(
                reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt32(5), reader.GetInt32(6), reader.GetInt64(7), JobTime.Read(reader, 8), JobTime.Read(reader, 9),
                reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetInt32(11)));
        }

        // Claim order is priority order; RETURNING does not promise it.
        return jobs;
    }

    public Task CompleteAsync(IReadOnlyList<long> ids, string node, DateTimeOffset now) =>
        WriteAsync(
            $"{database.AsynchronousCommit}UPDATE jobs SET state = 'completed', finished_at = @now, deadline_at = NULL WHERE {database.In("id", "@ids")} AND node = @node AND state = 'running'",
            new { ids = ids.ToArray(), node, now = database.Param(now) });

    /// <summary>
    /// Records a failed attempt and moves the job on: back to <c>available</c> at <paramref name="retryAt"/>, or to
    /// <paramref name="finalState"/> (discarded or cancelled) when <paramref name="retryAt"/> is null.
    /// </summary>
    public Task FailAsync(ClaimedJob job, string node, string outcome, string error, DateTimeOffset? retryAt, string finalState, DateTimeOffset now) =>
        WriteAsync(
            $"""
            INSERT INTO job_attempts (job_id, attempt, node, outcome, error, started_at, finished_at)
            SELECT id, attempt, node, @outcome, @error, started_at, @now FROM jobs WHERE id = @id AND node = @node AND state = 'running'
            ON CONFLICT (job_id, attempt) DO NOTHING;
            UPDATE jobs SET state = @state, run_at = COALESCE(@retryAt, run_at), finished_at = @finishedAt, deadline_at = NULL, last_error = @error
            WHERE id = @id AND node = @node AND state = 'running'
            """,
            new
            {
                id = job.Id,
                node,
                outcome,
                error,
                now = database.Param(now),
                retryAt = database.Param(retryAt),
                state = retryAt is null ? finalState : JobStates.Available,
                finishedAt = retryAt is null ? database.Param(now) : null,
            });

    /// <summary>Puts a running job back in its queue at <paramref name="runAt"/> without using up its attempt.</summary>
    public Task DeferAsync(IReadOnlyList<long> ids, string node, DateTimeOffset runAt) =>
        WriteAsync(
            $"UPDATE jobs SET state = 'available', run_at = @runAt, attempt = attempt - 1, deadline_at = NULL WHERE {database.In("id", "@ids")} AND node = @node AND state = 'running'",
            new { ids = ids.ToArray(), node, runAt = database.Param(runAt) });

    public Task MarkCancelledAsync(long id, string node, DateTimeOffset now) =>
        WriteAsync(
            "UPDATE jobs SET state = 'cancelled', finished_at = @now, deadline_at = NULL, last_error = 'cancelled while running' WHERE id = @id AND node = @node AND state = 'running'",
            new { id, node, now = database.Param(now) });

    public Task HeartbeatAsync(string node, DateTimeOffset now) =>
        WriteAsync(
            "INSERT INTO job_nodes (name, started_at, heartbeat_at) VALUES (@node, @now, @now) ON CONFLICT (name) DO UPDATE SET heartbeat_at = @now",
            new { node, now = database.Param(now) });

    public Task RemoveNodeAsync(string node) => WriteAsync("DELETE FROM job_nodes WHERE name = @node", new { node });

    /// <summary>Running jobs of <paramref name="node"/> that someone asked to cancel.</summary>
    public async Task<IReadOnlyList<long>> CancelRequestsAsync(string node, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var ids = await connection.QueryAsync<long>(
            "SELECT id FROM jobs WHERE state = 'running' AND node = @node AND cancel_requested = @yes",
            new { node, yes = database.Bool(true) });
        return ids.AsList();
    }

    private async Task<int> WriteAsync(string sql, object parameters, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (database.IsPostgres)
        {
            // PostgreSQL locks rows: workers finishing different jobs write side by side.
            return await connection.ExecuteAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken));
        }

        // SQLite has one writer for the whole file: job writes queue on _sqliteWrites (see there) in an IMMEDIATE transaction.

        await _sqliteWrites.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = await Infrastructure.Database.BeginWriteAsync(connection, cancellationToken);
            var changed = await connection.ExecuteAsync(new CommandDefinition(sql, parameters, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return changed;
        }
        finally
        {
            _sqliteWrites.Release();
        }
    }
}

internal static class JobStates
{
    public const string Available = "available";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Discarded = "discarded";
    public const string Cancelled = "cancelled";

    public static readonly string[] All = [Available, Running, Completed, Discarded, Cancelled];
}

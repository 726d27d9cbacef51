using System.Data.Common;
using Dapper;
using Mercato.Server.Infrastructure;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Mercato.Server.Jobs;

/// <summary>
/// Enqueues jobs inside the caller's transaction: a rolled-back write enqueues nothing, a committed one always has
/// its job. On PostgreSQL the NOTIFY that wakes idle workers is sent in the same transaction, so it fires on commit.
/// </summary>
internal sealed class JobClient(Database database, JobKindRegistry kinds, JobSignals signals, IOptions<JobsOptions> options, TimeProvider time)
{
    public const string Channel = "mercato_jobs";

    // Two-key advisory locks live in their own key space, apart from the single-bigint keys other features use.
    private const int UniqueLockClass = 0x4A4F42;

    private const string Columns =
        "tenant_id, queue, kind, payload, state, priority, attempt, max_attempts, timeout_ms, run_at, created_at, unique_key, budget_key, budget_units";

    /// <summary>Enqueues one job in <paramref name="transaction"/>; throws <see cref="JobRequestException"/> for a bad request.</summary>
    public async Task<EnqueueResult> EnqueueAsync(DbConnection connection, DbTransaction transaction, JobRequest request, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var row = Prepare(request, now);
        if (request.UniqueKey is { } key)
        {
            // Held to the end of the caller's transaction, so a concurrent enqueuer sees this job once it commits.
            await database.LockForTransactionAsync(connection, transaction, UniqueLockClass, key);

            var windowStart = request.UniqueWindow is { } window ? now - window : now.AddYears(100);
            var existing = await connection.ExecuteScalarAsync<long?>(
                "SELECT id FROM jobs WHERE unique_key = @key AND (state IN ('available', 'running') OR created_at >= @windowStart) ORDER BY id DESC LIMIT 1",
                new { key, windowStart = database.Param(windowStart) }, transaction);
            if (existing is { } id)
            {
                return new EnqueueResult(id, Duplicate: true);
            }
        }

        var sql = $"INSERT INTO jobs ({Columns}) VALUES (@TenantId, @Queue, @Kind, {database.Json("@Payload")}, 'available', @Priority, 0, @MaxAttempts, @TimeoutMs, @RunAt, @CreatedAt, @UniqueKey, @BudgetKey, @BudgetUnits) RETURNING id";

        // A job due later wakes nobody: an idle worker would find nothing to claim, and polling finds it when it is
        // due. (Every checkout schedules its hold's expiry 15 minutes ahead; a wake-up per checkout cost every worker a
        // claim query, and on SQLite a burst of them.)
        if (row.Due)
        {
            sql += database.Notify(Channel, "@Queue");
        }

        var inserted = await connection.ExecuteScalarAsync<long>(new CommandDefinition(sql, row, transaction, cancellationToken: cancellationToken));
        if (row.Due && !database.IsPostgres)
        {
            // SQLite's workers are in this process: no NOTIFY reaches them, so wake them here.
            signals.Wake(row.Queue);
        }

        return new EnqueueResult(inserted, Duplicate: false);
    }

    /// <summary>Enqueues one job in a transaction of its own.</summary>
    public async Task<EnqueueResult> EnqueueAsync(JobRequest request, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var result = await EnqueueAsync(connection, transaction, request, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>Enqueues many jobs in one statement where it can (jobs with a unique key go one by one). Returns the new ids.</summary>
    public async Task<IReadOnlyList<long>> EnqueueManyAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<JobRequest> requests, CancellationToken cancellationToken = default)
    {
        if (requests.Count == 0 || !database.IsPostgres || requests.Any(r => r.UniqueKey is not null))
        {
            var ids = new List<long>(requests.Count);
            foreach (var request in requests)
            {
                ids.Add((await EnqueueAsync(connection, transaction, request, cancellationToken)).Id);
            }

            return ids;
        }

        var now = time.GetUtcNow();
        var rows = requests.Select(r => Prepare(r, now)).ToList();
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO jobs ({Columns})
            SELECT t, q, k, CAST(p AS jsonb), 'available', pr, 0, m, tm, r, @now, NULL, bk, bu
            FROM unnest(@t, @q, @k, @p, @pr, @m, @tm, @r, @bk, @bu) AS x(t, q, k, p, pr, m, tm, r, bk, bu)
            RETURNING id
            """,
            (NpgsqlConnection)connection,
            (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter("t", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.TenantId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("q", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.Queue).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("k", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.Kind).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("p", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.Payload).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("pr", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rows.Select(r => r.Priority).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("m", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rows.Select(r => r.MaxAttempts).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("tm", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = rows.Select(r => r.TimeoutMs).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("r", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(r => (DateTimeOffset)r.RunAt).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("bk", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(r => r.BudgetKey).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("bu", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = rows.Select(r => r.BudgetUnits).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.ToUniversalTime() });
        var result = new List<long>(rows.Count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                result.Add(reader.GetInt64(0));
            }
        }

        foreach (var queue in rows.Where(r => r.Due).Select(r => r.Queue).Distinct(StringComparer.Ordinal))
        {
            await connection.ExecuteAsync($"SELECT pg_notify('{Channel}', @queue)", new { queue }, transaction);
        }

        return result;
    }

    private sealed record Row(
        long? TenantId, string Queue, string Kind, string Payload, int Priority, int MaxAttempts, long TimeoutMs,
        object RunAt, object CreatedAt, string? UniqueKey, string? BudgetKey, int? BudgetUnits, bool Due);

    private Row Prepare(JobRequest request, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        var settings = options.Value;
        if (kinds.Find(request.Kind) is null)
        {
            throw new JobRequestException("kind", kinds.Validate(request.Kind, "null")!);
        }

        if (kinds.Validate(request.Kind, request.PayloadJson ?? "null") is { } error)
        {
            throw new JobRequestException("payload", error);
        }

        var kind = kinds.Find(request.Kind)!;
        var queue = request.Queue ?? kind.Queue;
        Require(settings.HasQueue(queue), "queue", $"queue '{queue}' is not configured; configured queues: {string.Join(", ", settings.QueueNames)}");
        Require(request.Priority is >= JobRequest.MinPriority and <= JobRequest.MaxPriority, "priority", $"priority must be from {JobRequest.MinPriority} to {JobRequest.MaxPriority}, not {request.Priority}");
        Require(request.Delay is null || request.Delay >= TimeSpan.Zero, "delay", $"delay must not be negative, not {request.Delay}");
        Require(request.Delay is null || request.RunAt is null, "runAt", "give either a delay or a run-at time, not both");
        Require(request.MaxAttempts is null or >= 1 and <= 1000, "maxAttempts", $"max attempts must be from 1 to 1000, not {request.MaxAttempts}");
        Require(request.Timeout is null || request.Timeout > TimeSpan.Zero, "timeout", $"timeout must be positive, not {request.Timeout}");
        Require(request.UniqueKey is null or { Length: > 0 and <= 200 }, "uniqueKey", "a unique key is 1-200 characters");
        Require(request.UniqueWindow is null || (request.UniqueWindow >= TimeSpan.Zero && request.UniqueKey is not null), "uniqueWindow", "a unique window needs a unique key and must not be negative");
        if (request.Budget is { } budget)
        {
            Require(settings.Budgets.TryGetValue(budget.Name, out var policy), "budget", $"budget '{budget.Name}' is not configured under Mercato:Jobs:Budgets");
            Require(budget.Key is { Length: > 0 and <= 200 }, "budget", "a budget key is 1-200 characters");
            Require(budget.Units >= 1 && budget.Units <= policy!.Limit, "budget", $"budget units must be from 1 to the budget's limit {policy!.Limit}, not {budget.Units}");
        }

        var runAt = request.RunAt ?? now + (request.Delay ?? TimeSpan.Zero);
        var timeout = request.Timeout ?? kind.Timeout ?? settings.DefaultTimeout;
        return new Row(
            request.TenantId, queue, request.Kind, request.PayloadJson!, request.Priority,
            request.MaxAttempts ?? kind.MaxAttempts ?? settings.DefaultMaxAttempts, (long)timeout.TotalMilliseconds,
            database.Param(runAt), database.Param(now), request.UniqueKey,
            request.Budget is { } b ? $"{b.Name}:{b.Key}" : null, request.Budget?.Units, runAt <= now);
    }

    private static void Require(bool condition, string field, string error)
    {
        if (!condition)
        {
            throw new JobRequestException(field, error);
        }
    }
}

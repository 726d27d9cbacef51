using System.Data.Common;
using System.Text.Json;
using Dapper;

namespace Mercato.Server.Jobs;

internal sealed record JobView(
    long Id, long? TenantId, string Queue, string Kind, string State, int Priority, int Attempt, int MaxAttempts,
    DateTimeOffset RunAt, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Node,
    string? UniqueKey, bool CancelRequested, string? LastError, JsonElement Payload)
{
    public IReadOnlyList<JobAttemptView>? Attempts { get; init; }
}

internal sealed record JobAttemptView(int Attempt, string? Node, string Outcome, string Error, DateTimeOffset? StartedAt, DateTimeOffset FinishedAt);

internal sealed record QueueStats(string Queue, IReadOnlyDictionary<string, long> States, long Scheduled, double? OldestReadyAgeSeconds, long CompletedLastHour, double? AverageRunMs, double? P95RunMs);

/// <summary>The admin side: list, inspect, count, retry, cancel, discard. Admins of a marketplace see its jobs and the system's (no tenant).</summary>
internal sealed partial class JobStore
{
    private string ViewColumns =>
        "id, tenant_id, queue, kind, state, priority, attempt, max_attempts, run_at, created_at, started_at, finished_at, node, unique_key, cancel_requested, last_error, "
        + database.JsonText("payload");

    private const string Visible = "(tenant_id = @tenantId OR tenant_id IS NULL)";

    public async Task<IReadOnlyList<JobView>> ListAsync(long tenantId, string? queue, string? state, string? kind, long before, int limit, CancellationToken cancellationToken)
    {
        var sql = $"SELECT {ViewColumns} FROM jobs WHERE {Visible} AND id < @before"
            + (queue is null ? "" : " AND queue = @queue")
            + (state is null ? "" : " AND state = @state")
            + (kind is null ? "" : " AND kind = @kind")
            + " ORDER BY id DESC LIMIT @limit";
        await using var connection = await database.OpenAsync(cancellationToken);
        return await ReadViewsAsync(connection, sql, new { tenantId, queue, state, kind, before, limit }, cancellationToken);
    }

    public async Task<JobView?> FindAsync(long tenantId, long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var sql = $"SELECT {ViewColumns} FROM jobs WHERE {Visible} AND id = @id";
        var job = (await ReadViewsAsync(connection, sql, new { tenantId, id }, cancellationToken)).SingleOrDefault();
        if (job is null)
        {
            return null;
        }

        var attempts = new List<JobAttemptView>();
        await using var reader = await connection.ExecuteReaderAsync(
            "SELECT attempt, node, outcome, error, started_at, finished_at FROM job_attempts WHERE job_id = @id ORDER BY attempt", new { id });
        while (await reader.ReadAsync(cancellationToken))
        {
            attempts.Add(new JobAttemptView(
                reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetString(2), reader.GetString(3),
                JobTime.ReadNullable(reader, 4), JobTime.Read(reader, 5)));
        }

        return job with { Attempts = attempts };
    }

    public async Task<IReadOnlyList<QueueStats>> StatsAsync(long tenantId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var counts = new Dictionary<string, (Dictionary<string, long> States, long Scheduled, DateTimeOffset? OldestReady)>(StringComparer.Ordinal);
        await using (var reader = await connection.ExecuteReaderAsync(
            $"""
            SELECT queue, state, count(*),
                sum(CASE WHEN state = 'available' AND run_at > @now THEN 1 ELSE 0 END),
                min(CASE WHEN state = 'available' AND run_at <= @now THEN run_at END)
            FROM jobs WHERE {Visible} GROUP BY queue, state
            """,
            new { tenantId, now = database.Param(now) }))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var queue = reader.GetString(0);
                var entry = counts.TryGetValue(queue, out var found) ? found : (new Dictionary<string, long>(StringComparer.Ordinal), 0L, null);
                entry.States[reader.GetString(1)] = reader.GetInt64(2);
                entry.Scheduled += reader.IsDBNull(3) ? 0 : reader.GetInt64(3);
                entry.OldestReady = reader.IsDBNull(4) ? entry.OldestReady : JobTime.Read(reader, 4);
                counts[queue] = entry;
            }
        }

        var runs = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        await using (var reader = await connection.ExecuteReaderAsync(
            $"SELECT queue, started_at, finished_at FROM jobs WHERE {Visible} AND state = 'completed' AND finished_at >= @since ORDER BY finished_at DESC LIMIT 10000",
            new { tenantId, since = database.Param(now.AddHours(-1)) }))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!reader.IsDBNull(1))
                {
                    var list = runs.TryGetValue(reader.GetString(0), out var l) ? l : runs[reader.GetString(0)] = [];
                    list.Add((JobTime.Read(reader, 2) - JobTime.Read(reader, 1)).TotalMilliseconds);
                }
            }
        }

        return counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c =>
        {
            var durations = runs.TryGetValue(c.Key, out var d) ? d.Order().ToList() : [];
            return new QueueStats(
                c.Key, c.Value.States, c.Value.Scheduled,
                c.Value.OldestReady is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : null,
                durations.Count,
                durations.Count == 0 ? null : Math.Round(durations.Average(), 1),
                durations.Count == 0 ? null : durations[(int)Math.Min(durations.Count - 1, Math.Ceiling(durations.Count * 0.95) - 1)]);
        }).ToList();
    }

    /// <summary>Runs a job again now: a finished one gets one more attempt. Returns the state it was in (null if not found).</summary>
    public Task<(string? Before, bool Changed)> RetryAsync(long tenantId, long id, DateTimeOffset now) =>
        TransitionAsync(tenantId, id, [JobStates.Available, JobStates.Discarded, JobStates.Cancelled, JobStates.Completed],
            """
            UPDATE jobs SET state = 'available', run_at = @now, finished_at = NULL, cancel_requested = @no, last_error = last_error,
                max_attempts = CASE WHEN attempt >= max_attempts THEN attempt + 1 ELSE max_attempts END
            """,
            now);

    public Task<(string? Before, bool Changed)> DiscardAsync(long tenantId, long id, DateTimeOffset now) =>
        TransitionAsync(tenantId, id, [JobStates.Available], "UPDATE jobs SET state = 'discarded', finished_at = @now, last_error = 'discarded by an administrator'", now);

    /// <summary>A queued job is cancelled at once; a running one is asked to stop (its handler sees its token cancelled).</summary>
    public async Task<(string? Before, bool Changed)> CancelAsync(long tenantId, long id, DateTimeOffset now)
    {
        var queued = await TransitionAsync(tenantId, id, [JobStates.Available], "UPDATE jobs SET state = 'cancelled', finished_at = @now, last_error = 'cancelled by an administrator'", now);
        if (queued.Before != JobStates.Running)
        {
            return queued;
        }

        var sql = "UPDATE jobs SET cancel_requested = @yes WHERE id = @id AND state = 'running'" + database.Notify(JobListener.CancelChannel, "CAST(@id AS text)");
        var changed = await WriteAsync(sql, new { id, yes = database.Bool(true) }) > 0;
        return (JobStates.Running, changed);
    }

    private async Task<(string? Before, bool Changed)> TransitionAsync(long tenantId, long id, string[] from, string update, DateTimeOffset now)
    {
        await using var connection = await database.OpenAsync();
        var before = await connection.ExecuteScalarAsync<string?>($"SELECT state FROM jobs WHERE id = @id AND {Visible}", new { id, tenantId });
        if (before is null || !from.Contains(before))
        {
            return (before, false);
        }

        var changed = await WriteAsync(
            $"{update} WHERE id = @id AND state = @before",
            new { id, before, now = database.Param(now), no = database.Bool(false) });
        return (before, changed > 0);
    }

    private static async Task<IReadOnlyList<JobView>> ReadViewsAsync(DbConnection connection, string sql, object parameters, CancellationToken cancellationToken)
    {
        var jobs = new List<JobView>();
        await using var reader = await connection.ExecuteReaderAsync(sql, parameters);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var payload = JsonDocument.Parse(reader.GetString(16));
            jobs.Add(new JobView(
                reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), JobTime.Read(reader, 8), JobTime.Read(reader, 9),
                JobTime.ReadNullable(reader, 10), JobTime.ReadNullable(reader, 11), reader.IsDBNull(12) ? null : reader.GetString(12),
                reader.IsDBNull(13) ? null : reader.GetString(13), Convert.ToBoolean(reader.GetValue(14), System.Globalization.CultureInfo.InvariantCulture),
                reader.IsDBNull(15) ? null : reader.GetString(15), payload.RootElement.Clone()));
        }

        return jobs;
    }
}

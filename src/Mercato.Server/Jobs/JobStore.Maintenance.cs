using Dapper;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Jobs;

internal sealed partial class JobStore
{
    private const int PruneBatch = 1000;

    /// <summary>
    /// Puts back the running jobs of nodes that stopped heart-beating before <paramref name="deadNodeCutoff"/>, and of
    /// jobs past their timeout since <paramref name="stuckCutoff"/>. The lost run counts as an attempt (a job that kills
    /// its process must not loop forever). Returns the rescued jobs' ids.
    /// </summary>
    public async Task<IReadOnlyList<long>> RescueAsync(DateTimeOffset deadNodeCutoff, DateTimeOffset stuckCutoff, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string Stuck = "state = 'running' AND (node IS NULL OR node NOT IN (SELECT name FROM job_nodes WHERE heartbeat_at >= @deadNodeCutoff) OR deadline_at < @stuckCutoff)";
        const string Why = "'the node ' || COALESCE(node, '?') || ' stopped heart-beating or the job overran its timeout'";
        const string NewState = "CASE WHEN attempt >= max_attempts THEN 'discarded' ELSE 'available' END";
        const string Finished = "CASE WHEN attempt >= max_attempts THEN @now ELSE NULL END";
        var sql = database.IsPostgres
            ? $"""
                WITH stuck AS (SELECT id FROM jobs WHERE {Stuck} FOR UPDATE SKIP LOCKED),
                attempts AS (
                    INSERT INTO job_attempts (job_id, attempt, node, outcome, error, started_at, finished_at)
                    SELECT id, attempt, node, 'rescued', {Why}, started_at, @now FROM jobs WHERE id IN (SELECT id FROM stuck)
                    ON CONFLICT (job_id, attempt) DO NOTHING)
                UPDATE jobs SET state = {NewState}, finished_at = {Finished}, run_at = @now, deadline_at = NULL, last_error = 'rescued: ' || {Why}
                WHERE id IN (SELECT id FROM stuck)
                RETURNING id
                """
            : $"""
                INSERT INTO job_attempts (job_id, attempt, node, outcome, error, started_at, finished_at)
                SELECT id, attempt, node, 'rescued', {Why}, started_at, @now FROM jobs WHERE {Stuck}
                ON CONFLICT (job_id, attempt) DO NOTHING;
                UPDATE jobs SET state = {NewState}, finished_at = {Finished}, run_at = @now, deadline_at = NULL, last_error = 'rescued: ' || {Why}
                WHERE {Stuck}
                RETURNING id;
                """;
        await using var connection = await database.OpenAsync(cancellationToken);
        await _sqliteWrites.WaitAsync(cancellationToken);
        try
        {
            await using var transaction = await Infrastructure.Database.BeginWriteAsync(connection, cancellationToken);
            var ids = (await connection.QueryAsync<long>(new CommandDefinition(
                sql,
                new { deadNodeCutoff = database.Param(deadNodeCutoff), stuckCutoff = database.Param(stuckCutoff), now = database.Param(now) },
                transaction, cancellationToken: cancellationToken))).AsList();
            await transaction.CommitAsync(cancellationToken);
            return ids;
        }
        finally
        {
            _sqliteWrites.Release();
        }
    }

    /// <summary>Deletes finished jobs older than their retention in small batches, so no delete holds locks for long.</summary>
    public async Task<long> PruneAsync(DateTimeOffset completedBefore, DateTimeOffset failedBefore, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var lockClause = database.ForUpdateSkipLocked;
        var sql = $"""
            DELETE FROM jobs WHERE id IN (
                SELECT id FROM jobs
                WHERE (state = 'completed' AND finished_at < @completedBefore) OR (state IN ('cancelled', 'discarded') AND finished_at < @failedBefore)
                LIMIT {PruneBatch} {lockClause})
            """;
        long total = 0;
        int deleted;
        do
        {
            deleted = await WriteAsync(sql, new { completedBefore = database.Param(completedBefore), failedBefore = database.Param(failedBefore) }, cancellationToken);
            total += deleted;
        }
        while (deleted == PruneBatch && !cancellationToken.IsCancellationRequested);

        var stale = database.Param(now - TimeSpan.FromDays(1));
        await WriteAsync("DELETE FROM job_nodes WHERE heartbeat_at < @stale", new { stale }, cancellationToken);
        await WriteAsync("DELETE FROM job_budgets WHERE window_end < @stale", new { stale }, cancellationToken);
        return total;
    }

    /// <summary>Moves a schedule from <paramref name="due"/> to <paramref name="next"/>; false when another node already did.</summary>
    public static async Task<bool> AdvanceScheduleAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, Database database,
        string name, DateTimeOffset due, DateTimeOffset next, DateTimeOffset? occurrence, DateTimeOffset now) =>
        await connection.ExecuteAsync(
            "UPDATE job_schedules SET next_at = @next, last_occurrence = COALESCE(@occurrence, last_occurrence), updated_at = @now WHERE name = @name AND next_at = @due",
            new { name, due = database.Param(due), next = database.Param(next), occurrence = database.Param(occurrence), now = database.Param(now) },
            transaction) == 1;
}

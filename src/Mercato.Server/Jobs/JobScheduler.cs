using System.Data.Common;
using Dapper;
using Mercato.Server.Infrastructure;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Jobs;

/// <summary>
/// Enqueues recurring jobs from cron schedules and prunes finished jobs. Every node runs it; a schedule's next
/// occurrence is moved forward with a compare-and-set in the same transaction as the enqueue, so exactly one node
/// enqueues each occurrence. Catch-up after downtime: at most one job, for the latest missed occurrence (or none when
/// the schedule has <c>CatchUp: false</c>); older missed occurrences are skipped and logged.
/// </summary>
internal sealed class JobScheduler(
    Database database,
    JobClient client,
    JobStore store,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<JobScheduler> logger) : BackgroundService
{
    /// <summary>An occurrence this late or less is on time, whatever the catch-up setting.</summary>
    public static readonly TimeSpan OnTimeGrace = TimeSpan.FromMinutes(1);

    private const int MaxCatchUpSteps = 1_000_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.RunWorkers)
        {
            return;
        }

        await Task.Yield();
        var synced = false;
        var nextPrune = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!synced)
                {
                    await SyncAsync(stoppingToken);
                    synced = true;
                }

                await RunDueAsync(stoppingToken);
                if (time.GetUtcNow() >= nextPrune)
                {
                    var now = time.GetUtcNow();
                    var pruned = await store.PruneAsync(now - settings.CompletedRetention, now - settings.FailedRetention, now, stoppingToken);
                    if (pruned > 0)
                    {
                        JobsLog.Pruned(logger, pruned);
                    }

                    nextPrune = now + settings.PruneInterval;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (DbException exception)
            {
                JobsLog.SchedulerFailed(logger, "schedules or pruning", exception);
            }

            await Task.Delay(settings.PollInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Writes the configured schedules to <c>job_schedules</c>; a new or changed one starts at its next occurrence.</summary>
    public async Task SyncAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var (name, schedule) in options.Value.Schedules)
        {
            var (cron, zone) = Parse(schedule);
            var next = CronSchedule.Next(cron, now, zone) ?? DateTimeOffset.MaxValue.AddYears(-1);
            var parameters = new { name, cron = schedule.Cron, zone = schedule.TimeZone, next = database.Param(next), now = database.Param(now) };
            await connection.ExecuteAsync(
                "INSERT INTO job_schedules (name, cron, time_zone, next_at, updated_at) VALUES (@name, @cron, @zone, @next, @now) ON CONFLICT (name) DO NOTHING",
                parameters);
            await connection.ExecuteAsync(
                "UPDATE job_schedules SET cron = @cron, time_zone = @zone, next_at = @next, updated_at = @now WHERE name = @name AND (cron <> @cron OR time_zone <> @zone)",
                parameters);
        }
    }

    /// <summary>Enqueues what is due now; returns how many jobs this node enqueued.</summary>
    public async Task<int> RunDueAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var schedules = options.Value.Schedules;
        if (schedules.Count == 0)
        {
            return 0;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var due = new List<(string Name, DateTimeOffset NextAt)>();
        await using (var reader = await connection.ExecuteReaderAsync("SELECT name, next_at FROM job_schedules WHERE next_at <= @now", new { now = database.Param(now) }))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add((reader.GetString(0), JobTime.Read(reader, 1)));
            }
        }

        var enqueued = 0;
        foreach (var (name, nextAt) in due)
        {
            if (!schedules.TryGetValue(name, out var schedule))
            {
                continue; // removed from the configuration; its row stays inert
            }

            var (cron, zone) = Parse(schedule);
            var latest = nextAt;
            var missed = 0;
            var next = CronSchedule.Next(cron, latest, zone);
            while (next is { } n && n <= now && missed < MaxCatchUpSteps)
            {
                latest = n;
                missed++;
                next = CronSchedule.Next(cron, n, zone);
            }

            var onTime = now - latest <= OnTimeGrace;
            var enqueue = onTime || schedule.CatchUp;
            await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
            if (!await JobStore.AdvanceScheduleAsync(connection, transaction, database, name, nextAt, next ?? DateTimeOffset.MaxValue.AddYears(-1), enqueue ? latest : null, now))
            {
                await transaction.RollbackAsync(cancellationToken);
                continue; // another node got there first
            }

            EnqueueResult? result = null;
            if (enqueue)
            {
                result = await client.EnqueueAsync(connection, transaction, new JobRequest(schedule.Kind, schedule.Payload)
                {
                    Queue = schedule.Queue,
                    Priority = schedule.Priority,
                    UniqueKey = OccurrenceKey(name, latest),
                }, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            if (missed > 0 || !onTime)
            {
                JobsLog.ScheduleMissed(logger, name, missed + 1, latest, enqueue);
            }

            if (result is { Duplicate: false } r)
            {
                enqueued++;
                JobsLog.ScheduleEnqueued(logger, name, r.Id, latest);
            }
        }

        return enqueued;
    }

    /// <summary>Minutes only unless the occurrence has seconds, so keys of five-field schedules stay as they were.</summary>
    public static string OccurrenceKey(string schedule, DateTimeOffset occurrence) =>
        $"cron:{schedule}:{occurrence.UtcDateTime.ToString(occurrence.Second == 0 ? "yyyy-MM-dd'T'HH:mm'Z'" : "yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)}";

    private static (Cronos.CronExpression Cron, TimeZoneInfo Zone) Parse(ScheduleOptions schedule)
    {
        JobsOptionsValidator.TryFindZone(schedule.TimeZone, out var zone);
        return (CronSchedule.Parse(schedule.Cron), zone);
    }
}

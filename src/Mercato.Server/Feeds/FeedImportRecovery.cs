using System.Data.Common;
using System.Globalization;
using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Feeds;

/// <summary>
/// Finds imports that say "running" although no process holds their lease (the process died), marks them
/// <c>interrupted</c> and makes sure a job will resume them: the job system rescues the dead node's job, and when that
/// job is gone (discarded, pruned) a new one is enqueued under the import's unique key. Imports started by the CLI have
/// no stored file; they are marked interrupted and resume when the same command runs again.
/// </summary>
internal sealed class FeedImportRecovery(
    FeedImportStore store, JobClient jobs, Database database, DatabaseOptions databaseOptions, IOptions<FeedsOptions> options,
    IOptions<JobsOptions> jobsOptions, TimeProvider time, ILogger<FeedImportRecovery> logger) : BackgroundService
{
    /// <summary>A running import this fresh may be one whose process is about to take its lease (the CLI creates, then locks).</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!jobsOptions.Value.RunWorkers)
        {
            return;
        }

        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RecoverAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (DbException exception)
            {
                FeedsLog.RecoveryFailed(logger, exception);
            }

            await Task.Delay(TimeSpan.FromSeconds(options.Value.InterruptedCheckSeconds), time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    /// <summary>Marks and re-enqueues what it can; returns how many imports it found interrupted.</summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken = default)
    {
        var found = 0;
        foreach (var import in await store.RunningSinceAsync(time.GetUtcNow() - Grace, cancellationToken))
        {
            await using var lease = await FeedImportLease.TryTakeAsync(database, databaseOptions, import.Id, cancellationToken);
            if (lease is null)
            {
                continue; // alive
            }

            await using var connection = await database.OpenAsync(cancellationToken);
            var reason = string.Create(CultureInfo.InvariantCulture,
                $"interrupted: the importing process stopped; rows up to line {import.CommittedLine:N0} are applied and the rest follows when it resumes");
            var gaveUpReason = string.Create(CultureInfo.InvariantCulture,
                $"failed: the importing process stopped {options.Value.MaxResumes + 1} times during this import, so it is not resumed again; rows up to line {import.CommittedLine:N0} are applied. Check the file, then import it again");
            var (changed, gaveUp) = await store.MarkInterruptedAsync(connection, import.TenantId, import.Id, reason, options.Value.MaxResumes, gaveUpReason);
            if (!changed)
            {
                continue; // finished just before we took the lease
            }

            found++;
            if (gaveUp)
            {
                FeedsLog.GaveUp(logger, import.Id, import.TenantId, options.Value.MaxResumes + 1);
                continue;
            }

            FeedsLog.Interrupted(logger, import.Id, import.TenantId, import.CommittedLine);
            if (import.StoredFile is not null)
            {
                await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
                await jobs.EnqueueAsync(connection, transaction, FeedImportJob.Request(import.TenantId, import.Id), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
        }

        return found;
    }
}

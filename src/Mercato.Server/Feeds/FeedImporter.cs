using System.Data.Common;
using System.Diagnostics;
using System.Threading.Channels;
using Dapper;
using Mercato.Server.Catalog;
using Mercato.Server.Infrastructure;
using Mercato.Server.ReferenceData;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Feeds;

/// <summary>Live counters of a running import, for progress bars and the status endpoint.</summary>
internal sealed class FeedProgress
{
    private readonly Dictionary<string, TimeSpan> _stages = [];
    private long _read;
    private long _rejected;
    private long _written;

    public long Read => Interlocked.Read(ref _read);

    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>Rows committed (or, in one-transaction modes, merged) so far.</summary>
    public long Written => Interlocked.Read(ref _written);

    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    public void AddRead(long rows, long rejected)
    {
        Interlocked.Add(ref _read, rows);
        Interlocked.Add(ref _rejected, rejected);
    }

    public void AddWritten(long rows) => Interlocked.Add(ref _written, rows);

    /// <summary>Time spent per stage of the writer (sellers, copy, merge, changes, commit), for benchmarks.</summary>
    public IReadOnlyDictionary<string, TimeSpan> Stages
    {
        get
        {
            lock (_stages)
            {
                return new Dictionary<string, TimeSpan>(_stages);
            }
        }
    }

    public void AddStage(string stage, TimeSpan elapsed)
    {
        lock (_stages)
        {
            _stages[stage] = _stages.GetValueOrDefault(stage) + elapsed;
        }
    }
}

/// <summary>
/// Runs one import: reads the file on one thread and writes batches on another (a bounded channel between them keeps
/// memory flat), one transaction per batch with the import record's counts and committed line, so a crash leaves the
/// catalog as of the last committed batch and the import resumable from there. Dry runs and all-or-nothing imports
/// run in one transaction instead, rolled back (dry run, or any bad row) or committed at the end.
/// </summary>
internal sealed class FeedImporter(
    Database database, FeedImportStore store, SellerStore sellerStore, IOptions<FeedsOptions> options, TimeProvider time, ILogger<FeedImporter> logger,
    ReferenceDataSet reference)
{
    private sealed record Batch(List<StagedRow> Rows, List<FeedIssue> Issues, long LastLine, long Read, long Rejected);

    public async Task<FeedImport> RunAsync(Tenant tenant, FeedImport record, string path, FeedProgress progress, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var opened = FeedFile.Open(path, settings, out var unreadable);
        if (opened is null)
        {
            return await FailAsync(tenant, record, $"unreadable file: {unreadable}", null);
        }

        using var reader = opened.Reader;
        await using var connection = await database.OpenAsync(cancellationToken);
        var categories = await CategoryStore.ListAsync(connection, tenant.Id);
        Seller? fixedSeller = null;
        if (record.Options.SellerExternalId is { } sellerKey)
        {
            fixedSeller = await SellerStore.FindByExternalIdAsync(connection, null, tenant.Id, sellerKey);
            if (fixedSeller is null)
            {
                return await FailAsync(tenant, record, $"seller '{sellerKey}' does not exist in marketplace '{tenant.Slug}'", null);
            }
        }

        var mapping = FeedMapping.Empty;
        if (record.Options.Mapping is { } mappingJson)
        {
            mapping = FeedMapping.Parse(mappingJson, out var mappingError) ?? FeedMapping.Empty;
            if (mappingError is not null)
            {
                return await FailAsync(tenant, record, $"the mapping {mappingError}", null);
            }
        }
        else if (fixedSeller is not null && await store.SavedMappingAsync(connection, tenant.Id, fixedSeller.Id) is { } saved)
        {
            mapping = saved;
        }

        var existing = fixedSeller is null
            ? await connection.QueryAsync<Seller>(
                "SELECT id, external_id AS ExternalId, name, kind, status, postal_code AS PostalCode, country, latitude, longitude FROM sellers WHERE tenant_id = @Id", new { tenant.Id })
            : [fixedSeller];
        var sellers = new SellerResolver(existing, fixedSeller, reference.PostalCodes);
        using var builder = new FeedRowBuilder(categories, mapping, sellers, tenant.DefaultCurrency);
        var unmapped = builder.Prepare(reader.Columns, out var headerError);
        if (unmapped is null)
        {
            return await FailAsync(tenant, record, headerError!, null);
        }

        // One transaction on SQLite holds the only write lock of every marketplace until it ends: bound it by rows,
        // counted before the lock is taken, so other writers wait seconds at most instead of failing.
        var singleLimit = settings.SqliteSingleTransactionMaxRows;
        if ((record.Options.DryRun || record.Options.AllOrNothing) && !database.IsPostgres && singleLimit > 0 && FeedFile.HasMoreRecordsThan(path, settings, singleLimit))
        {
            var mode = record.Options.DryRun ? "a dry run" : "an all-or-nothing import";
            return await FailAsync(tenant, record,
                $"the file has more than {singleLimit:N0} rows, the most {mode} may have on SQLite (Mercato:Feeds:SqliteSingleTransactionMaxRows): "
                + "it runs in one transaction, which holds the database's only write lock until it ends; split the file, import it without that option, or use PostgreSQL", null);
        }

        var warnings = new List<string>(record.Warnings.Where(w => !w.StartsWith("columns ignored", StringComparison.Ordinal)));
        if (unmapped.Count > 0)
        {
            warnings.Add(ColumnPlan.IgnoredWarning($"no matching field of '{builder.DefaultCategory!.Slug}'", unmapped));
        }

        await store.MarkStartedAsync(connection, tenant.Id, record.Id, opened.Format, opened.Encoding, warnings);
        var singleTransaction = record.Options.DryRun || record.Options.AllOrNothing;
        var counts = singleTransaction ? new FeedCounts() : record.Counts;
        var committedLine = singleTransaction ? 0 : record.CommittedLine;
        var keptIssues = singleTransaction ? new List<FeedIssue>() : null;
        // PostgreSQL stages the next batch on a second connection while the current one merges (one transaction per
        // batch only: a single transaction would keep the staging tables locked until its end).
        await using var stager = database.IsPostgres && !singleTransaction ? (Npgsql.NpgsqlConnection)await database.OpenAsync(cancellationToken) : null;
        await using var writer = new FeedBatchWriter(
            database, connection, sellerStore, sellers, time, tenant.Id, record.Id, appendChanges: !record.Options.DryRun, progress, stager);
        await writer.CreateStagingAsync();

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var channel = Channel.CreateBounded<Batch>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var prepared = Channel.CreateBounded<(Batch Batch, PreparedBatch Prepared)>(new BoundedChannelOptions(1) { SingleReader = true, SingleWriter = true });
        var producer = Task.Run(() => Produce(reader, builder, committedLine, settings.BatchSize, channel.Writer, progress, warnings, stop.Token), stop.Token);
        var staging = Task.Run(() => Stage(channel.Reader, writer, builder.IdField, prepared.Writer, stop.Token), stop.Token);
        DbTransaction? single = singleTransaction ? await Database.BeginWriteAsync(connection, cancellationToken) : null;
        try
        {
            var waited = Stopwatch.StartNew();
            await foreach (var (batch, ready) in prepared.Reader.ReadAllAsync(stop.Token))
            {
                progress.AddStage("wait", waited.Elapsed);
                var transaction = single ?? await Database.BeginWriteAsync(connection, stop.Token);
                try
                {
                    var issues = batch.Issues;
                    var written = await writer.WriteAsync(transaction, ready, issues, builder.IdField);
                    var batchCounts = written with { Read = batch.Read, Rejected = batch.Rejected + written.Rejected, Issues = issues.Count };
                    counts = counts.Add(batchCounts);
                    if (keptIssues is not null)
                    {
                        keptIssues.AddRange(issues.Take(Math.Max(0, settings.MaxReportedIssues - keptIssues.Count)));
                    }
                    else
                    {
                        var room = (int)Math.Clamp(settings.MaxReportedIssues - (counts.Issues - issues.Count), 0, issues.Count);
                        await FeedImportStore.AddIssuesAsync(connection, transaction, tenant.Id, record.Id, issues.GetRange(0, room));
                        var committing = Stopwatch.StartNew();
                        await store.SaveProgressAsync(connection, transaction, tenant.Id, record.Id, counts, batch.LastLine);
                        await transaction.CommitAsync(stop.Token);
                        progress.AddStage("commit", committing.Elapsed);
                        writer.Release(ready);
                    }

                    committedLine = batch.LastLine;
                    progress.AddWritten(ready.Count);
                }
                finally
                {
                    if (single is null)
                    {
                        await transaction.DisposeAsync();
                    }

                    waited.Restart();
                }
            }

            await staging;
            await producer;
            if (opened.Fallback is { Bytes: > 0 } fallback)
            {
                warnings.Add($"{fallback.Bytes:N0} byte(s) were not valid UTF-8 and were read as Windows-1252 (Latin-1)");
            }

            string? refusal = null;
            if (record.Options.FullSync)
            {
                (counts, refusal) = await FullSyncAsync(record, writer, single, fixedSeller, counts, connection, stop.Token);
            }

            string status;
            string? error = refusal;
            if (single is not null)
            {
                if (record.Options.DryRun || (record.Options.AllOrNothing && counts.Rejected > 0) || refusal is not null)
                {
                    await single.RollbackAsync(CancellationToken.None);
                    if (!record.Options.DryRun)
                    {
                        error ??= $"{counts.Rejected:N0} row(s) were rejected, so nothing was applied (all-or-nothing)";
                    }
                }
                else
                {
                    await single.CommitAsync(CancellationToken.None);
                }

                await using var book = await Database.BeginWriteAsync(connection, CancellationToken.None);
                await FeedImportStore.AddIssuesAsync(connection, book, tenant.Id, record.Id, keptIssues!);
                await store.SaveProgressAsync(connection, book, tenant.Id, record.Id, counts, committedLine);
                await book.CommitAsync(CancellationToken.None);
            }

            status = error is not null ? FeedImportStatus.Failed : counts.Rejected > 0 ? FeedImportStatus.CompletedWithErrors : FeedImportStatus.Completed;
            await store.FinishAsync(connection, tenant.Id, record.Id, status, error, counts, warnings);
            await writer.DropSeenAsync();
            FeedsLog.Finished(logger, record.Id, tenant.Slug, status, counts.Read, counts.Created, counts.Updated, counts.Unchanged, counts.Removed, counts.Rejected);
            return (await store.FindAsync(connection, null, tenant.Id, record.Id))!;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await stop.CancelAsync();
            await Drain(staging);
            await Drain(producer);
            if (single is not null)
            {
                await single.DisposeAsync();
            }

            var reason = exception is FeedReadException read ? read.Message : exception.Message;
            FeedsLog.Failed(logger, exception, record.Id, tenant.Slug);
            var applied = singleTransaction ? "nothing was applied" : $"rows up to line {committedLine:N0} were applied";
            var failed = await FailAsync(tenant, record, $"stopped: {reason}; {applied}", warnings);
            await ForgetSeenAsync(writer, record.Id);
            return failed;
        }
        finally
        {
            await stop.CancelAsync();
            await Drain(staging);
            await Drain(producer);
        }
    }

    private async Task<(FeedCounts Counts, string? Refusal)> FullSyncAsync(
        FeedImport record, FeedBatchWriter writer, DbTransaction? single, Seller? fixedSeller, FeedCounts counts, DbConnection connection, CancellationToken cancellationToken)
    {
        var seen = writer.SellersSeen.ToList();
        if (fixedSeller is not null && !seen.Exists(s => s.Id == fixedSeller.Id))
        {
            seen.Add(fixedSeller);
        }

        var share = options.Value.FullSyncMaxRemovalShare;
        var plan = new List<(long SellerId, long Missing)>();
        foreach (var (sellerId, sellerKey) in seen.Select(s => (s.Id, s.ExternalId)))
        {
            var (missing, active) = await writer.CountMissingAsync(single, sellerId);
            if (missing > 0 && !record.Options.Force && missing > active * share)
            {
                return (counts, $"full sync refused: it would make {missing:N0} of seller {sellerKey}'s {active:N0} active listings unavailable "
                    + $"({(double)missing / active:P0}, more than the {share:P0} allowed); check the file, or run again with force; the rows of the file were applied");
            }

            plan.Add((sellerId, missing));
        }

        long removed = 0;
        if (record.Options.DryRun)
        {
            removed = plan.Sum(p => p.Missing);
        }
        else
        {
            var transaction = single ?? await Database.BeginWriteAsync(connection, cancellationToken);
            foreach (var (sellerId, _) in plan)
            {
                removed += await writer.RemoveMissingAsync(transaction, sellerId);
            }

            if (single is null)
            {
                await store.SaveProgressAsync(connection, transaction, record.TenantId, record.Id, counts with { Removed = removed }, long.MaxValue);
                await transaction.CommitAsync(cancellationToken);
                await transaction.DisposeAsync();
            }
        }

        return (counts with { Removed = removed }, null);
    }

    private static async Task Produce(
        IFeedReader reader, FeedRowBuilder builder, long skipThrough, int batchSize, ChannelWriter<Batch> output, FeedProgress progress, List<string> warnings, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var rows = new List<StagedRow>(batchSize);
            var issues = new List<FeedIssue>();
            long read = 0, rejected = 0, lastLine = 0;
            var columns = reader.Columns.Count;
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reader.Line <= skipThrough)
                {
                    continue;
                }

                if (reader.Columns.Count != columns)
                {
                    columns = reader.Columns.Count;
                    if (builder.Unmapped(reader.Columns) is { Count: > 0 } fresh)
                    {
                        lock (warnings)
                        {
                            warnings.Add(ColumnPlan.IgnoredWarning("no matching field", fresh));
                        }
                    }
                }

                var before = issues.Count;
                var row = builder.Build(reader, issues);
                read++;
                rejected += issues.Count > before ? 1 : 0;
                lastLine = reader.Line;
                if (row is not null)
                {
                    rows.Add(row);
                }

                if (rows.Count >= batchSize || issues.Count >= batchSize)
                {
                    progress.AddRead(read, rejected);
                    await output.WriteAsync(new Batch(rows, issues, lastLine, read, rejected), cancellationToken);
                    (rows, issues, read, rejected) = (new List<StagedRow>(batchSize), [], 0, 0);
                }
            }

            if (read > 0)
            {
                progress.AddRead(read, rejected);
                await output.WriteAsync(new Batch(rows, issues, lastLine, read, rejected), cancellationToken);
            }
        }
        catch (Exception exception) when (exception is IOException or System.Text.DecoderFallbackException)
        {
            failure = new FeedReadException($"reading the file failed: {exception.Message}", exception);
        }
        catch (Exception exception)
        {
            failure = exception;
        }
        finally
        {
            output.TryComplete(failure);
        }
    }

    /// <summary>
    /// Between reading and merging: drops in-batch duplicates and (PostgreSQL) copies each batch into a free staging
    /// table while the previous batch merges. Failures, the reader's included, reach the merging loop through the channel.
    /// </summary>
    private static async Task Stage(
        ChannelReader<Batch> input, FeedBatchWriter writer, string idField, ChannelWriter<(Batch, PreparedBatch)> output, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            while (await input.WaitToReadAsync(cancellationToken))
            {
                await writer.ReserveSlotAsync(cancellationToken);
                if (!input.TryRead(out var batch))
                {
                    break;
                }

                var prepared = await writer.PrepareAsync(batch.Rows, batch.Issues, idField, cancellationToken);
                await output.WriteAsync((batch, prepared), cancellationToken);
            }
        }
        catch (Exception exception)
        {
            failure = exception;
        }
        finally
        {
            output.TryComplete(failure);
        }
    }

    private static async Task Drain(Task producer)
    {
        try
        {
            await producer;
        }
        catch (Exception exception) when (exception is OperationCanceledException or ChannelClosedException or FeedReadException)
        {
            // Already reported through the channel or superseded by the failure being handled.
        }
    }

    /// <summary>
    /// After a failure the import's connection may be broken: if the seen table cannot be dropped now, the next
    /// import drops it (see <see cref="FeedBatchWriter.CreateStagingAsync"/>).
    /// </summary>
    private async Task ForgetSeenAsync(FeedBatchWriter writer, long importId)
    {
        try
        {
            await writer.DropSeenAsync();
        }
        catch (DbException exception)
        {
            FeedsLog.CleanupDeferred(logger, importId, exception.Message);
        }
    }

    private async Task<FeedImport> FailAsync(Tenant tenant, FeedImport record, string error, IReadOnlyList<string>? warnings)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await store.FinishAsync(connection, tenant.Id, record.Id, FeedImportStatus.Failed, error, null, warnings);
        FeedsLog.Rejected(logger, record.Id, tenant.Slug, error);
        return (await store.FindAsync(connection, null, tenant.Id, record.Id))!;
    }
}

/// <summary>The file could not be read to the end (an I/O error while streaming it).</summary>
internal sealed class FeedReadException(string message, Exception inner) : Exception(message, inner);

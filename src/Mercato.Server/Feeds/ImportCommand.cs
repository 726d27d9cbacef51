using System.Globalization;
using System.Runtime;
using Mercato.Server.Infrastructure;
using Mercato.Server.Infrastructure.Cli;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Feeds;

/// <summary>
/// <c>mercato import --tenant T --file F …</c>: imports a feed with a live progress line and a summary. Exit codes:
/// 0 imported, 3 imported but some rows were rejected (see the report), 1 failed (nothing or only committed batches applied).
/// An import of the same file with the same options that was interrupted is resumed after its last committed batch.
/// </summary>
internal static class ImportCommand
{
    public const int RowsRejectedExitCode = 3;

    public static readonly CommandSpec Spec = new(
        "import",
        "import a seller inventory feed (CSV or JSON Lines)",
        "mercato import --tenant T --file F [--seller S] [--mapping M] [--dry-run] [--full-sync] [--force] [--all-or-nothing] [--report R]",
        ["--tenant", "--file", "--seller", "--mapping", "--report", "--batch-size"],
        ["--dry-run", "--full-sync", "--force", "--all-or-nothing", "--quiet"],
        0,
        """
          --tenant SLUG      marketplace to import into
          --file F           the feed: CSV (any delimiter) or JSON Lines; UTF-8, UTF-16 or Windows-1252
          --seller S         every row belongs to this seller (external id); without it rows name their dealer and
                             unknown dealers become new sellers
          --mapping M        JSON file of column overrides (see docs/feeds.md); with --seller it is saved as the
                             seller's mapping for later imports
          --dry-run          count what would be created, updated, unchanged and removed; write nothing
          --full-sync        the seller's active listings missing from the file become unavailable
          --force            full sync even when it would take down more than the allowed share of listings
          --all-or-nothing   apply nothing if any row is rejected
          --report R         write the report to R (.csv or .json)
          --quiet            no progress line
          --batch-size B     rows per write transaction (default 20,000)
        exit codes: 0 imported, 3 imported with rejected rows, 1 failed, 2 wrong usage
        """);

    /// <summary>
    /// The garbage collector's mode while a command-line import runs: throughput, not pause times. Background
    /// collections of the batches in flight took a tenth of the machine in a 1,000,000-row import (docs/benchmarks.md);
    /// the server keeps its default mode, where a paused search matters more.
    /// </summary>
    internal const GCLatencyMode LatencyMode = GCLatencyMode.Batch;

    public static async Task<int> RunAsync(CliArguments args)
    {
        var slug = args.Value("--tenant") ?? throw new CliUsageException("--tenant SLUG is required");
        var file = args.Value("--file") ?? throw new CliUsageException("--file F is required");
        var report = args.Value("--report");
        var batchSize = args.IntValue("--batch-size", new FeedsOptions().BatchSize, 100, 1_000_000);
        if (report is not null && !report.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !report.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliUsageException($"--report '{report}' must end in .csv or .json");
        }

        if (args.Has("--force") && !args.Has("--full-sync"))
        {
            throw new CliUsageException("--force only applies to --full-sync");
        }

        string? mappingJson = null;
        FeedMapping? mapping = null;
        if (args.Value("--mapping") is { } mappingFile)
        {
            try
            {
                mappingJson = await File.ReadAllTextAsync(mappingFile);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new StartupException($"cannot read the mapping '{mappingFile}': {exception.Message}");
            }

            mapping = FeedMapping.Parse(mappingJson, out var mappingError) ?? throw new StartupException($"the mapping '{mappingFile}' {mappingError}");
        }

        if (!File.Exists(file))
        {
            throw new StartupException($"cannot read '{file}': no such file");
        }

        var databaseOptions = args.ToDatabaseOptions();
        await using var database = new Database(databaseOptions);
        await new Migrator(database, TimeProvider.System).EnsureCurrentAsync(migrate: false);
        var tenant = await new TenantStore(database, TimeProvider.System).FindAsync(slug)
            ?? throw new StartupException($"there is no marketplace '{slug}'; see 'mercato tenants list'");

        var options = new FeedImportOptions
        {
            SellerExternalId = args.Value("--seller"),
            Mapping = mapping?.ToJson(),
            DryRun = args.Has("--dry-run"),
            FullSync = args.Has("--full-sync"),
            Force = args.Has("--force"),
            AllOrNothing = args.Has("--all-or-nothing"),
        };
        var store = new FeedImportStore(database, TimeProvider.System);
        var sellers = new SellerStore(database, TimeProvider.System);
        await using var connection = await database.OpenAsync();
        Seller? seller = null;
        if (options.SellerExternalId is { } sellerKey)
        {
            seller = await SellerStore.FindByExternalIdAsync(connection, null, tenant.Id, sellerKey)
                ?? throw new StartupException($"seller '{sellerKey}' does not exist in marketplace '{slug}'");
            if (mapping is not null && !options.DryRun)
            {
                await store.SaveMappingAsync(tenant.Id, seller.Id, mapping);
            }
        }

        var (hash, bytes) = await FeedFile.HashAsync(file, CancellationToken.None);
        var (record, lease) = await ResumeOrCreateAsync(database, databaseOptions, store, connection, tenant, seller, file, hash, bytes, options);
        await using (lease)
        {
            var importer = new FeedImporter(database, store, sellers, Options.Create(new FeedsOptions { BatchSize = batchSize }), TimeProvider.System, NullLogger<FeedImporter>.Instance);
            var progress = new FeedProgress();
            using var ticker = args.Has("--quiet") ? null : new Timer(_ => Print(progress, final: false), null, 250, 250);
            var latency = GCSettings.LatencyMode;
            GCSettings.LatencyMode = LatencyMode;
            FeedImport finished;
            try
            {
                finished = await importer.RunAsync(tenant, record, file, progress, CancellationToken.None);
            }
            finally
            {
                GCSettings.LatencyMode = latency;
            }

            if (ticker is not null)
            {
                await ticker.DisposeAsync();
                Print(progress, final: true);
            }

            await Summarise(store, finished);
            if (report is not null)
            {
                await WriteReportAsync(store, finished, report);
            }

            return finished.Status switch
            {
                FeedImportStatus.Completed => 0,
                FeedImportStatus.CompletedWithErrors => RowsRejectedExitCode,
                _ => 1,
            };
        }
    }

    private static async Task<(FeedImport, FeedImportLease)> ResumeOrCreateAsync(
        Database database, DatabaseOptions databaseOptions, FeedImportStore store, System.Data.Common.DbConnection connection,
        Tenant tenant, Seller? seller, string file, string hash, long bytes, FeedImportOptions options)
    {
        foreach (var unfinished in await store.UnfinishedAsync(tenant.Id))
        {
            if (unfinished.Status is not (FeedImportStatus.Running or FeedImportStatus.Interrupted))
            {
                continue;
            }

            var lease = await FeedImportLease.TryTakeAsync(database, databaseOptions, unfinished.Id);
            var same = unfinished.FileHash == hash && unfinished.Options == options && !options.DryRun && !options.AllOrNothing;
            if (lease is null)
            {
                if (same)
                {
                    throw new StartupException($"import #{unfinished.Id} of this file is running in another process");
                }

                continue;
            }

            if (same)
            {
                await Console.Error.WriteLineAsync($"resuming interrupted import #{unfinished.Id} after line {unfinished.CommittedLine:N0}");
                return (unfinished, lease);
            }

            // Its process is gone and this is not the same import: say so instead of leaving it "running" for ever.
            await store.FinishAsync(connection, tenant.Id, unfinished.Id, FeedImportStatus.Failed,
                $"interrupted (the importing process stopped); rows up to line {unfinished.CommittedLine:N0} were applied", null, null);
            await lease.DisposeAsync();
        }

        var record = await store.CreateAsync(connection, null, tenant.Id, seller?.Id, $"cli:{Environment.UserName}", Path.GetFileName(file), null, hash, bytes, options, FeedImportStatus.Running);
        var taken = await FeedImportLease.TryTakeAsync(database, databaseOptions, record.Id) ?? throw new StartupException($"cannot lock import #{record.Id}");
        return (record, taken);
    }

    private static void Print(FeedProgress progress, bool final)
    {
        var seconds = Math.Max(progress.Clock.Elapsed.TotalSeconds, 0.001);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"\r{progress.Read,12:N0} rows read  {progress.Written,12:N0} written  {progress.Read / seconds,10:N0} rows/s  {progress.Rejected:N0} rejected  {seconds,6:F1} s");
        Console.Error.Write(final ? line + Environment.NewLine : line);
    }

    private static async Task Summarise(FeedImportStore store, FeedImport import)
    {
        var c = import.Counts;
        var duration = import.DurationSeconds ?? 0;
        var rate = duration > 0 ? c.Read / duration : 0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"import #{import.Id} {(import.Options.DryRun ? "(dry run, nothing written) " : "")}{import.Status}: {c.Read:N0} rows read in {duration:F1} s ({rate:N0} rows/s), {import.Format ?? "?"}, {import.Encoding ?? "?"}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  created {c.Created:N0}  updated {c.Updated:N0}  unchanged {c.Unchanged:N0}  removed {c.Removed:N0}  rejected {c.Rejected:N0}  sellers created {c.SellersCreated:N0}"));
        foreach (var warning in import.Warnings)
        {
            Console.WriteLine($"  warning: {warning}");
        }

        if (import.Error is not null)
        {
            Console.WriteLine($"  error: {import.Error}");
        }

        var shown = 0;
        await foreach (var issue in store.IssuesAsync(import.TenantId, import.Id))
        {
            if (shown++ == 10)
            {
                Console.WriteLine($"  … {c.Issues - 10:N0} more; write them all with --report FILE.csv");
                break;
            }

            Console.WriteLine($"  line {issue.Line}: {issue.Field ?? "row"}{(issue.Value is null ? "" : $" '{FeedRowBuilder.Cut(issue.Value, 60)}'")}: {issue.Reason}");
        }
    }

    private static async Task WriteReportAsync(FeedImportStore store, FeedImport import, string path)
    {
        try
        {
            await using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                await FeedReport.WriteJsonAsync(output, import, store.IssuesAsync(import.TenantId, import.Id), CancellationToken.None);
            }
            else
            {
                await FeedReport.WriteCsvAsync(output, store.IssuesAsync(import.TenantId, import.Id), CancellationToken.None);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"cannot write the report '{path}': {exception.Message}");
        }
    }
}

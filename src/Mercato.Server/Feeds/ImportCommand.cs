using System.CommandLine;
using System.Runtime;
using Mercato.Server.Infrastructure;
using Mercato.Server.Infrastructure.Cli;
using Mercato.Server.ReferenceData;
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

    public static Command Create(CliGlobals globals)
    {
        var tenant = new Option<string>("--tenant") { Description = "marketplace to import into", HelpName = "SLUG", Required = true };
        var file = new Option<string>("--file") { Description = "the feed: CSV (any delimiter) or JSON Lines; UTF-8, UTF-16 or Windows-1252", HelpName = "F", Required = true };
        var seller = new Option<string?>("--seller") { Description = "every row belongs to this seller (external id); without it rows name their dealer and unknown dealers become new sellers", HelpName = "S" };
        var mapping = new Option<string?>("--mapping") { Description = "JSON file of column overrides (docs/feeds.md); with --seller it is saved as the seller's mapping", HelpName = "M" };
        var dryRun = new Option<bool>("--dry-run") { Description = "count what would be created, updated, unchanged and removed; write nothing" };
        var fullSync = new Option<bool>("--full-sync") { Description = "the seller's active listings missing from the file become unavailable" };
        var force = new Option<bool>("--force") { Description = "full sync even when it would take down more than the allowed share of listings" };
        var allOrNothing = new Option<bool>("--all-or-nothing") { Description = "apply nothing if any row is rejected" };
        var report = new Option<string?>("--report") { Description = "write the report to R (.csv or .json)", HelpName = "R" };
        var quiet = new Option<bool>("--quiet") { Description = "no progress" };
        var json = new Option<bool>("--json") { Description = "print the summary as JSON on standard output (no progress)" };
        var batchSize = CliGlobals.Int("--batch-size", "rows per write transaction (default 20,000)", new FeedsOptions().BatchSize, 100, 1_000_000, "B");
        var command = new Command("import", "import a seller inventory feed (CSV or JSON Lines); exits 0 imported, 3 some rows rejected, 1 failed, 2 wrong usage")
        {
            tenant, file, seller, mapping, dryRun, fullSync, force, allOrNothing, report, quiet, json, batchSize,
        };
        command.SetAction((result, _) => RunAsync(new Request(
            result.GetRequiredValue(tenant), result.GetRequiredValue(file), result.GetValue(report), result.GetValue(mapping), result.GetValue(batchSize),
            new FeedImportOptions
            {
                SellerExternalId = result.GetValue(seller),
                DryRun = result.GetValue(dryRun),
                FullSync = result.GetValue(fullSync),
                Force = result.GetValue(force),
                AllOrNothing = result.GetValue(allOrNothing),
            },
            result.GetValue(quiet), result.GetValue(json), globals.ToDatabaseOptions(result), globals.Configuration(result))));
        return command;
    }

    private sealed record Request(string Tenant, string File, string? Report, string? Mapping, int BatchSize, FeedImportOptions Options, bool Quiet, bool Json, DatabaseOptions Database, IConfiguration Configuration);

    /// <summary>
    /// The garbage collector's mode while a command-line import runs: throughput, not pause times. Background
    /// collections of the batches in flight took a tenth of the machine in a 1,000,000-row import (docs/benchmarks.md);
    /// the server keeps its default mode, where a paused search matters more.
    /// </summary>
    internal const GCLatencyMode LatencyMode = GCLatencyMode.Batch;

    private static async Task<int> RunAsync(Request request)
    {
        var (slug, file, report, batchSize) = (request.Tenant, request.File, request.Report, request.BatchSize);
        if (report is not null && !report.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !report.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliUsageException($"--report '{report}' must end in .csv or .json");
        }

        if (request.Options.Force && !request.Options.FullSync)
        {
            throw new CliUsageException("--force only applies to --full-sync");
        }

        string? mappingJson = null;
        FeedMapping? mapping = null;
        if (request.Mapping is { } mappingFile)
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

        if (FeedFile.Sniff(file, new FeedsOptions()) is { } unreadable)
        {
            throw new StartupException($"unreadable file: {unreadable}");
        }

        var databaseOptions = request.Database;
        await using var database = new Database(databaseOptions);
        await new Migrator(database, TimeProvider.System).EnsureCurrentAsync(migrate: false);
        var tenant = await new TenantStore(database, TimeProvider.System).FindAsync(slug)
            ?? throw new StartupException($"there is no marketplace '{slug}'; see 'mercato tenants list'");

        var options = request.Options with { Mapping = mapping?.ToJson() };
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
            var importer = new FeedImporter(database, store, sellers, Options.Create(new FeedsOptions { BatchSize = batchSize }), TimeProvider.System, NullLogger<FeedImporter>.Instance,
                ReferenceDataLoader.LoadForCommand(request.Configuration));
            var progress = new FeedProgress();
            var display = ProgressSinks.Create(request.Quiet || request.Json).Track("import", "rows", await EstimateRowsAsync(file, bytes), () => progress.Read);
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
                await display.DisposeAsync();
            }

            if (request.Json)
            {
                ImportSummary.WriteJson(finished);
            }
            else
            {
                await ImportSummary.WriteTextAsync(store, finished);
            }
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

    /// <summary>
    /// Rows the file holds, estimated from its size and the length of its first lines (for the ETA only: quoted
    /// newlines or uneven rows make it approximate, and the bar never runs past the rows actually read).
    /// </summary>
    private static async Task<long?> EstimateRowsAsync(string file, long bytes)
    {
        var sample = new byte[1 << 16];
        await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var read = await stream.ReadAtLeastAsync(sample, sample.Length, throwOnEndOfStream: false);
        var lines = sample.AsSpan(0, read).Count((byte)'\n');
        return lines < 2 ? null : Math.Max(1, (long)(bytes / ((double)read / lines)) - 1);
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

using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using System.Text.Json;
using Mercato.Server.Catalog;
using Mercato.Server.Demo;
using Mercato.Server.Infrastructure;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mercato.Bench.Feeds;

/// <summary>
/// <c>mercato bench import</c>: writes a generated vehicle feed, imports it into a fresh tenant the way
/// <c>mercato import</c> does (many dealers, sellers created on the way), and reports rows/s and the process's peak memory.
/// </summary>
internal static class FeedsBenchmark
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(CliGlobals globals)
    {
        var rows = CliGlobals.Int("--rows", "rows to generate and import (default 100,000)", 100_000, 1, 50_000_000);
        var seed = CliGlobals.Int("--seed", "generator seed (default 1)", 1, helpName: "S");
        var batchSize = CliGlobals.Int("--batch-size", "rows per write transaction (default 20,000)", new FeedsOptions().BatchSize, 100, 1_000_000, "B");
        var reimport = new Option<bool>("--reimport") { Description = "import the same file a second time and measure that too (every row unchanged)" };
        var json = new Option<string?>("--json") { Description = "also write the figures as JSON", HelpName = "FILE" };
        var command = new Command("import",
            "generate an N-row vehicle CSV and import it into a new tenant (SQLite in a temporary folder unless --database); reports rows/s and peak memory")
        {
            rows, seed, batchSize, reimport, json,
        };
        command.SetAction((result, _) => RunAsync(
            result.GetValue(rows), result.GetValue(seed), result.GetValue(batchSize), result.GetValue(reimport), result.GetValue(json), globals.Settings(result)));
        return command;
    }

    private static async Task<int> RunAsync(int rows, int seed, int batchSize, bool reimport, string? jsonPath, Dictionary<string, string?> settings)
    {
        var work = Path.Combine(Path.GetTempPath(), $"mercato-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        var latency = GCSettings.LatencyMode;
        GCSettings.LatencyMode = ImportCommand.LatencyMode;
        try
        {
            var databaseOptions = DatabaseOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            if (string.IsNullOrWhiteSpace(databaseOptions.ConnectionString))
            {
                databaseOptions.DataDir = Path.Combine(work, "data");
            }

            var feed = Path.Combine(work, "vehicles.csv");
            var generated = Stopwatch.StartNew();
            var reference = ReferenceDataLoader.LoadForCommand(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            await WriteFeedAsync(reference, feed, rows, seed);
            var bytes = new FileInfo(feed).Length;
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"generated {rows:N0} rows ({bytes / 1048576.0:F0} MB) in {generated.Elapsed.TotalSeconds:F1} s"));

            await using var database = new Database(databaseOptions);
            try
            {
                await new Migrator(database, TimeProvider.System).MigrateAsync();
            }
            catch (Exception exception) when (exception is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException)
            {
                throw new StartupException($"cannot use {database.Description}: {exception.Message}");
            }

            var slug = $"bench{Guid.NewGuid():N}"[..16];
            var tenant = await new TenantStore(database, TimeProvider.System, new VerticalCategories(database, TimeProvider.System)).CreateAsync(
                new TenantStore.NewTenant(slug, "Import benchmark", [], "USD", [VerticalTemplates.Vehicles], TenantBranding.Default));
            var store = new FeedImportStore(database, TimeProvider.System);
            var importer = new FeedImporter(database, store, new SellerStore(database, TimeProvider.System),
                Options.Create(new FeedsOptions { BatchSize = batchSize }), TimeProvider.System, NullLogger<FeedImporter>.Instance, reference);

            var first = await ImportAsync(database, store, importer, tenant, feed, bytes, rows);
            var result = new Dictionary<string, object?>
            {
                ["benchmark"] = "import",
                ["engine"] = database.IsPostgres ? "postgres" : "sqlite",
                ["rows"] = rows,
                ["file_bytes"] = bytes,
                ["batch_size"] = batchSize,
                ["seconds"] = Math.Round(first.Seconds, 3),
                ["rows_per_s"] = Math.Round(rows / first.Seconds),
                ["client_cpu_seconds"] = Math.Round(first.CpuSeconds, 3),
                ["peak_working_set_bytes"] = first.PeakBytes,
                ["writer_stage_seconds"] = first.Stages,
                ["status"] = first.Import.Status,
                ["created"] = first.Import.Counts.Created,
                ["rejected"] = first.Import.Counts.Rejected,
                ["sellers_created"] = first.Import.Counts.SellersCreated,
                ["processors"] = Environment.ProcessorCount,
                ["runtime"] = Environment.Version.ToString(),
            };
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"import of {rows:N0} rows into {(database.IsPostgres ? "PostgreSQL" : "SQLite")}: {first.Seconds:F1} s, {rows / first.Seconds:N0} rows/s, peak working set {first.PeakBytes / 1048576.0:F0} MB, client CPU {first.CpuSeconds:F1} s, {first.Import.Status}"));
            await Console.Error.WriteLineAsync("writer stages (s): " + string.Join(", ", first.Stages.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value:F2}"))));
            if (reimport)
            {
                var again = await ImportAsync(database, store, importer, tenant, feed, bytes, rows);
                result["reimport_seconds"] = Math.Round(again.Seconds, 3);
                result["reimport_rows_per_s"] = Math.Round(rows / again.Seconds);
                result["reimport_unchanged"] = again.Import.Counts.Unchanged;
                result["reimport_writer_stage_seconds"] = again.Stages;
                result["peak_working_set_bytes"] = again.PeakBytes;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"re-import (all unchanged): {again.Seconds:F1} s, {rows / again.Seconds:N0} rows/s, {again.Import.Counts.Unchanged:N0} unchanged"));
            }

            if (jsonPath is not null)
            {
                await File.WriteAllTextAsync(jsonPath, JsonSerializer.Serialize(result, Indented) + "\n");
            }

            return first.Import.Status == FeedImportStatus.Completed ? 0 : 1;
        }
        finally
        {
            GCSettings.LatencyMode = latency;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Not inlined into the async caller, whose state machine would keep the generator (its dealers are proportional to
    /// the rows) reachable through the import being measured.
    /// </summary>
    private static async Task WriteFeedAsync(ReferenceDataSet reference, string path, int rows, int seed)
    {
        var generator = new VehicleGenerator(reference, seed, VehicleGenerator.DealerCountFor(rows));
        long written = 0;
        await using var progress = ProgressSinks.Create().Track("generate", "rows", rows, () => Interlocked.Read(ref written));
        await using var writer = new StreamWriter(path, new UTF8Encoding(false), new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 1 << 16 });
        VehicleFeedWriter.WriteCsv(writer, generator.Generate(rows).Select(vehicle =>
        {
            Interlocked.Increment(ref written);
            return vehicle;
        }));
    }

    private static async Task<(FeedImport Import, double Seconds, double CpuSeconds, long PeakBytes, Dictionary<string, double> Stages)> ImportAsync(
        Database database, FeedImportStore store, FeedImporter importer, Tenant tenant, string feed, long bytes, int rows)
    {
        FeedImport record;
        await using (var connection = await database.OpenAsync())
        {
            record = await store.CreateAsync(connection, null, tenant.Id, null, "bench", "vehicles.csv", null, null, bytes, new FeedImportOptions(), FeedImportStatus.Running);
        }

        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var progress = new FeedProgress();
        FeedImport import;
        await using (ProgressSinks.Create().Track("import", "rows", rows, () => progress.Read))
        {
            import = await importer.RunAsync(tenant, record, feed, progress, CancellationToken.None);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var stages = progress.Stages.ToDictionary(s => s.Key, s => Math.Round(s.Value.TotalSeconds, 2));
        return (import, seconds, (process.TotalProcessorTime - cpuBefore).TotalSeconds, process.PeakWorkingSet64, stages);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using System.Text.Json;
using Mercato.Server.Catalog;
using Mercato.Server.Demo;
using Mercato.Server.Infrastructure;
using Mercato.Server.Infrastructure.Cli;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Feeds;

/// <summary>
/// <c>mercato bench import</c>: writes a generated vehicle feed, imports it into a fresh tenant the way
/// <c>mercato import</c> does (many dealers, sellers created on the way), and reports rows/s and the process's peak memory.
/// </summary>
internal static class FeedsBenchmark
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(CliArguments args)
    {
        var rows = args.IntValue("--rows", 100_000, 1, 50_000_000);
        var seed = args.IntValue("--seed", 1);
        var batchSize = args.IntValue("--batch-size", new FeedsOptions().BatchSize, 100, 1_000_000);
        var jsonPath = args.Value("--json");
        var work = Path.Combine(Path.GetTempPath(), $"mercato-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        var latency = GCSettings.LatencyMode;
        GCSettings.LatencyMode = ImportCommand.LatencyMode;
        try
        {
            var settings = args.DatabaseSettings();
            var databaseOptions = DatabaseOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
            if (string.IsNullOrWhiteSpace(databaseOptions.ConnectionString))
            {
                databaseOptions.DataDir = Path.Combine(work, "data");
            }

            var feed = Path.Combine(work, "vehicles.csv");
            var generated = Stopwatch.StartNew();
            WriteFeed(feed, rows, seed);
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
                Options.Create(new FeedsOptions { BatchSize = batchSize }), TimeProvider.System, NullLogger<FeedImporter>.Instance);

            var first = await ImportAsync(database, store, importer, tenant, feed, bytes);
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
            if (args.Has("--reimport"))
            {
                var again = await ImportAsync(database, store, importer, tenant, feed, bytes);
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
    private static void WriteFeed(string path, int rows, int seed)
    {
        var generator = new VehicleGenerator(seed, VehicleGenerator.DealerCountFor(rows));
        using var writer = new StreamWriter(path, new UTF8Encoding(false), new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 1 << 16 });
        VehicleFeedWriter.WriteCsv(writer, generator.Generate(rows));
    }

    private static async Task<(FeedImport Import, double Seconds, double CpuSeconds, long PeakBytes, Dictionary<string, double> Stages)> ImportAsync(
        Database database, FeedImportStore store, FeedImporter importer, Tenant tenant, string feed, long bytes)
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
        var import = await importer.RunAsync(tenant, record, feed, progress, CancellationToken.None);
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var stages = progress.Stages.ToDictionary(s => s.Key, s => Math.Round(s.Value.TotalSeconds, 2));
        return (import, seconds, (process.TotalProcessorTime - cpuBefore).TotalSeconds, process.PeakWorkingSet64, stages);
    }
}

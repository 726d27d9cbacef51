using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mercato.Bench.Search;
using Mercato.Server.Demo;
using Mercato.Server.Feeds;
using Mercato.Server.Infrastructure;
using Mercato.Server.Pages.Storefront;
using Mercato.Server.Search;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.WebUtilities;
using Npgsql;

namespace Mercato.Bench.Storefront;

internal sealed record StorefrontBenchOptions(int Listings, int Requests, int Seed, int Clients, string? Database, string? JsonPath);

/// <summary>One measured page request: server time from the pipeline's first middleware to its end, the client's round trip, the compressed body.</summary>
internal sealed record PageSample(string Kind, int Status, double ServerMs, double ClientMs, double SearchMs, double DbMs, long Bytes);

/// <summary>A page of the first visit as the browser receives it.</summary>
internal sealed record FirstLoad(string Url, int Status, string? Encoding, long CompressedBytes, long Bytes, IReadOnlyList<string> Subresources);

internal sealed class StorefrontBenchResult
{
    public required StorefrontBenchOptions Options { get; init; }

    public required string Engine { get; init; }

    public List<PageSample> Samples { get; } = [];

    public List<FirstLoad> FirstLoads { get; } = [];

    public List<double> EngineWithFacets { get; } = [];

    public List<double> EngineWithoutFacets { get; } = [];

    /// <summary>Total hits of each measured request's search, to show the mix finds things.</summary>
    public List<(string Kind, long Total)> Hits { get; } = [];

    public int Warmup { get; set; }

    public double GenerateSeconds { get; set; }

    public double ImportSeconds { get; set; }

    public double IndexSeconds { get; set; }

    public double WallSeconds { get; set; }

    public long Indexed { get; set; }

    public string LoadAverage { get; set; } = "";
}

/// <summary>
/// <c>mercato bench storefront</c>: loads N generated vehicles into a scratch database through the feed importer, starts
/// the real web application on a loopback port (no demo data), and requests the server-rendered search page with a mix
/// of shopper searches; reports server and client latency, where the server's time went, and the compressed size of a
/// first visit. docs/benchmarks.md describes it.
/// </summary>
internal static partial class StorefrontBenchmark
{
    public const string RequestHeader = "X-Mercato-Bench";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(CliGlobals globals)
    {
        var listings = CliGlobals.Required("--listings", "how many generated vehicle listings", 1, 10_000_000);
        var requests = CliGlobals.Int("--requests", "how many measured page requests (default 1000; a fifth more, 20 to 500, warm up first)", 1000, 1, 1_000_000, "R");
        var seed = CliGlobals.Int("--seed", "generator seed (default 1)", 1, helpName: "S");
        var clients = CliGlobals.Int("--clients", "concurrent HTTP clients (default 2)", 2, 1, 64, "C");
        var json = new Option<string?>("--json") { Description = "also write the figures as JSON", HelpName = "FILE" };
        var command = new Command("storefront",
            "the server-rendered search page: N generated vehicles imported into a scratch database (SQLite in a temporary folder, "
            + "or a new database on the --database PostgreSQL server, dropped after), the web app on a loopback port, a mix of shopper searches")
        {
            listings, requests, seed, clients, json,
        };
        command.SetAction((result, _) => RunAsync(new StorefrontBenchOptions(
            result.GetValue(listings),
            result.GetValue(requests),
            result.GetValue(seed),
            result.GetValue(clients),
            globals.ToDatabaseOptions(result).ConnectionString is { Length: > 0 } connection ? connection : null,
            result.GetValue(json))));
        return command;
    }

    private static async Task<int> RunAsync(StorefrontBenchOptions options)
    {
        var result = await RunAsync(options, Console.Error);
        Console.Write(Report(result));
        if (options.JsonPath is not null)
        {
            await File.WriteAllTextAsync(options.JsonPath, Json(result) + "\n");
        }

        return result.Samples.All(s => s.Status == 200) ? 0 : 1;
    }

    public static async Task<StorefrontBenchResult> RunAsync(StorefrontBenchOptions options, TextWriter progress)
    {
        var loadBefore = LoadAverage();
        var work = Path.Combine(Path.GetTempPath(), $"mercato-storefront-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        string? scratch = null;
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Mercato:Demo:Enabled"] = "false",
                [$"{DatabaseOptions.Section}:AutoMigrate"] = "true",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Error",
            };
            if (options.Database is not null)
            {
                scratch = await CreatePostgresDatabaseAsync(options.Database);
                settings[$"{DatabaseOptions.Section}:ConnectionString"] = scratch;
            }
            else
            {
                settings[$"{DatabaseOptions.Section}:DataDir"] = Path.Combine(work, "data");
            }

            var result = new StorefrontBenchResult { Options = options, Engine = scratch is null ? "sqlite" : "postgres" };
            var timings = new ConcurrentDictionary<string, double>(StringComparer.Ordinal);
            await using var app = MercatoApp.Build([], settings, services => services.AddSingleton<IStartupFilter>(new TimingFilter(timings)));
            await MercatoApp.PrepareAsync(app);

            var generator = new VehicleGenerator(
                app.Services.GetRequiredService<ReferenceDataSet>(), options.Seed, VehicleGenerator.DealerCountFor(options.Listings));
            await LoadAsync(app.Services, generator, options.Listings, work, result, progress);

            var clock = Stopwatch.StartNew();
            await app.StartAsync();
            var indexes = app.Services.GetRequiredService<SearchIndexes>();
            while (!indexes.Ready)
            {
                await Task.Delay(50);
            }

            result.IndexSeconds = clock.Elapsed.TotalSeconds;
            var tenant = await app.Services.GetRequiredService<TenantStore>().FindAsync(Tenant.DefaultSlug)
                ?? throw new InvalidOperationException("the default tenant is missing");
            var index = await indexes.GetAsync(tenant.Id, CancellationToken.None);
            result.Indexed = index.Index.Count;
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"bench: index of {result.Indexed:N0} listings ready in {result.IndexSeconds:F1} s"));

            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            using var http = new HttpClient(new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.None,
                MaxConnectionsPerServer = options.Clients,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            })
            { BaseAddress = new Uri(address), Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.AcceptEncoding.ParseAdd("gzip, br");
            http.DefaultRequestHeaders.Accept.ParseAdd("text/html");

            foreach (var url in new[] { "/", "/search", "/search?cat=vehicles" })
            {
                result.FirstLoads.Add(await FirstLoadAsync(http, url));
            }

            result.Warmup = Math.Clamp(options.Requests / 5, 20, 500);
            var warmup = StorefrontMix.Create(generator, options.Listings, options.Requests, result.Warmup, options.Seed);
            await RunMixAsync(http, warmup, options.Clients, timings, null);
            var mix = StorefrontMix.Create(generator, options.Listings, 0, options.Requests, options.Seed);
            await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"bench: {result.Warmup} warm-up requests done; measuring {mix.Count:N0} on {options.Clients} clients"));
            clock.Restart();
            await RunMixAsync(http, mix, options.Clients, timings, result.Samples);
            result.WallSeconds = clock.Elapsed.TotalSeconds;

            // The engine's share, and facet counting's share of it: the same queries again, in-process on one thread.
            foreach (var request in mix)
            {
                var query = StorefrontQuery.Parse(
                    new QueryCollection(QueryHelpers.ParseQuery(request.Url.Split('?', 2).ElementAtOrDefault(1))), generator.PostalCodes).ToSearchQuery();
                var hits = 0L;
                result.EngineWithFacets.Add(Time(() => hits = index.Index.Search(query).TotalHits));
                result.Hits.Add((request.Kind, hits));
                result.EngineWithoutFacets.Add(Time(() => index.Index.Search(query with { Facets = null })));
            }

            await app.StopAsync();
            result.LoadAverage = $"{loadBefore} → {LoadAverage()}";
            return result;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (scratch is not null)
            {
                await DropPostgresDatabaseAsync(options.Database!, scratch);
            }

            Directory.Delete(work, recursive: true);
        }
    }

    // The fastest existing path into the database: the generator's CSV through the feed importer (as `bench import`).
    private static async Task LoadAsync(IServiceProvider services, VehicleGenerator generator, int listings, string work, StorefrontBenchResult result, TextWriter progress)
    {
        var clock = Stopwatch.StartNew();
        var feed = Path.Combine(work, "vehicles.csv");
        await using (var writer = new StreamWriter(feed, new UTF8Encoding(false), new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 1 << 16 }))
        {
            VehicleFeedWriter.WriteCsv(writer, generator.Generate(listings));
        }

        result.GenerateSeconds = clock.Elapsed.TotalSeconds;
        var bytes = new FileInfo(feed).Length;
        var database = services.GetRequiredService<Database>();
        var store = services.GetRequiredService<FeedImportStore>();
        var tenant = await services.GetRequiredService<TenantStore>().FindAsync(Tenant.DefaultSlug)
            ?? throw new InvalidOperationException("the default tenant is missing");
        FeedImport record;
        await using (var connection = await database.OpenAsync())
        {
            record = await store.CreateAsync(connection, null, tenant.Id, null, "bench", "vehicles.csv", null, null, bytes, new FeedImportOptions(), FeedImportStatus.Running);
        }

        clock.Restart();
        var counters = new FeedProgress();
        FeedImport import;
        await using (ProgressSinks.Create(quiet: progress == TextWriter.Null).Track("import", "rows", listings, () => counters.Read))
        {
            import = await services.GetRequiredService<FeedImporter>().RunAsync(tenant, record, feed, counters, CancellationToken.None);
        }

        result.ImportSeconds = clock.Elapsed.TotalSeconds;
        File.Delete(feed);
        if (import.Status != FeedImportStatus.Completed || import.Counts.Created != listings)
        {
            throw new InvalidOperationException($"the benchmark's import ended {import.Status} with {import.Counts.Created:N0} of {listings:N0} listings created");
        }

        await progress.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"bench: {listings:N0} listings generated in {result.GenerateSeconds:F1} s, imported in {result.ImportSeconds:F1} s"));
    }

    private static async Task RunMixAsync(HttpClient http, List<StorefrontRequest> mix, int clients, ConcurrentDictionary<string, double> timings, List<PageSample>? samples)
    {
        var next = -1;
        var collected = new PageSample[mix.Count];
        var workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < mix.Count)
            {
                var id = Guid.NewGuid().ToString("N");
                using var message = new HttpRequestMessage(HttpMethod.Get, mix[i].Url);
                message.Headers.Add(RequestHeader, id);
                var started = Stopwatch.GetTimestamp();
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
                var body = await response.Content.ReadAsByteArrayAsync();
                var client = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                var (search, db) = ServerTiming(response);

                // The middleware records after the response completes, which can be a moment after the client has the last byte.
                double server;
                var spins = 0;
                while (!timings.TryRemove(id, out server) && spins++ < 1000)
                {
                    await Task.Delay(1);
                }

                collected[i] = new PageSample(mix[i].Kind, (int)response.StatusCode, server, client, search, db, body.Length);
            }
        })).ToList();
        await Task.WhenAll(workers);
        samples?.AddRange(collected);
    }

    private static async Task<FirstLoad> FirstLoadAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var compressed = await response.Content.ReadAsByteArrayAsync();
        var encoding = response.Content.Headers.ContentEncoding.FirstOrDefault();
        var html = Encoding.UTF8.GetString(Decompress(compressed, encoding));

        // Images aside, a first visit also fetches the page's style sheets, scripts and fonts; the pages inline them today.
        var subresources = Subresource().Matches(html).Select(m => m.Groups["url"].Value).Distinct().ToList();
        var total = compressed.LongLength;
        foreach (var sub in subresources)
        {
            using var extra = await http.GetAsync(sub);
            total += (await extra.Content.ReadAsByteArrayAsync()).LongLength;
        }

        return new FirstLoad(url, (int)response.StatusCode, encoding, total, html.Length, subresources);
    }

    private static byte[] Decompress(byte[] body, string? encoding)
    {
        using Stream source = encoding switch
        {
            "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
            "gzip" => new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
            _ => new MemoryStream(body),
        };
        using var target = new MemoryStream();
        source.CopyTo(target);
        return target.ToArray();
    }

    private static (double Search, double Db) ServerTiming(HttpResponseMessage response)
    {
        double search = 0, db = 0;
        if (response.Headers.TryGetValues("Server-Timing", out var values))
        {
            foreach (var metric in values.SelectMany(v => v.Split(',')))
            {
                var parts = metric.Trim().Split(";dur=");
                if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
                {
                    if (parts[0] == "search")
                    {
                        search = ms;
                    }
                    else if (parts[0] == "db")
                    {
                        db = ms;
                    }
                }
            }
        }

        return (search, db);
    }

    private static double Time(Action action)
    {
        var started = Stopwatch.GetTimestamp();
        action();
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static async Task<string> CreatePostgresDatabaseAsync(string server)
    {
        var name = $"mercato_storefront_bench_{Guid.NewGuid():N}"[..40];
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    private static async Task DropPostgresDatabaseAsync(string server, string scratch)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(scratch).Database} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string LoadAverage()
    {
        try
        {
            return File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    [GeneratedRegex("""<(?:link[^>]*rel="(?:stylesheet|preload|modulepreload)"[^>]*href|script[^>]*src)="(?<url>/[^"]*)""", RegexOptions.IgnoreCase)]
    private static partial Regex Subresource();

    public static string Report(StorefrontBenchResult result)
    {
        var o = result.Options;
        var ok = result.Samples.Where(s => s.Status == 200).ToList();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"\nstorefront benchmark ({result.Engine}): {o.Listings:N0} listings ({result.Indexed:N0} indexed), {result.Samples.Count:N0} requests after {result.Warmup} warm-up, {o.Clients} clients, seed {o.Seed}, {Environment.ProcessorCount} cores, load average {result.LoadAverage}\n");
        text.Append(CultureInfo.InvariantCulture, $"load: generate {result.GenerateSeconds:F1} s, import {result.ImportSeconds:F1} s, index build {result.IndexSeconds:F1} s; {result.Samples.Count / result.WallSeconds:F0} pages/s\n");
        text.Append(CultureInfo.InvariantCulture, $"statuses: {string.Join(", ", result.Samples.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{g.Key} × {g.Count()}"))}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{"ms",-22} {"p50",8} {"p95",8} {"p99",8} {"max",8}\n");
        void Row(string name, IEnumerable<double> values)
        {
            var s = Summarize(values);
            text.Append(CultureInfo.InvariantCulture, $"{name,-22} {s.P50,8:F2} {s.P95,8:F2} {s.P99,8:F2} {s.Max,8:F2}\n");
        }

        Row("server", result.Samples.Select(s => s.ServerMs));
        Row("client", result.Samples.Select(s => s.ClientMs));
        Row("  search (engine)", result.Samples.Select(s => s.SearchMs));
        Row("  db (listings, cats)", result.Samples.Select(s => s.DbMs));
        Row("  render + rest", result.Samples.Select(s => Math.Max(0, s.ServerMs - s.SearchMs - s.DbMs)));
        Row("engine, 1 thread", result.EngineWithFacets);
        Row("  without facets", result.EngineWithoutFacets);
        text.Append(CultureInfo.InvariantCulture, $"\ncompressed page bytes: p50 {Summarize(ok.Select(s => (double)s.Bytes)).P50:F0}, p95 {Summarize(ok.Select(s => (double)s.Bytes)).P95:F0}, max {Summarize(ok.Select(s => (double)s.Bytes)).Max:F0}\n");
        foreach (var load in result.FirstLoads)
        {
            text.Append(CultureInfo.InvariantCulture, $"first load {load.Url}: {load.CompressedBytes:N0} bytes {load.Encoding ?? "uncompressed"} ({load.Bytes:N0} bytes of HTML), {load.Subresources.Count} other resources, status {load.Status}\n");
        }

        text.Append("\nserver p95 by kind (ms): ");
        text.AppendJoin(", ", StorefrontMix.KindNames.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k} {Summarize(result.Samples.Where(s => s.Kind == k).Select(s => s.ServerMs)).P95:F1}")));
        text.Append("\nmedian total hits by kind: ");
        text.AppendJoin(", ", StorefrontMix.KindNames.Select(k => string.Create(CultureInfo.InvariantCulture, $"{k} {Summarize(result.Hits.Where(h => h.Kind == k).Select(h => (double)h.Total)).P50:F0}")));
        text.Append('\n');
        return text.ToString();
    }

    public static string Json(StorefrontBenchResult result)
    {
        var o = result.Options;
        Dictionary<string, object?> Entry(IEnumerable<double> values)
        {
            var s = Summarize(values);
            return new() { ["p50_ms"] = Round(s.P50), ["p95_ms"] = Round(s.P95), ["p99_ms"] = Round(s.P99), ["max_ms"] = Round(s.Max), ["mean_ms"] = Round(s.Mean) };
        }

        var bytes = Summarize(result.Samples.Where(s => s.Status == 200).Select(s => (double)s.Bytes));
        var report = new Dictionary<string, object?>
        {
            ["benchmark"] = "storefront",
            ["engine"] = result.Engine,
            ["listings"] = o.Listings,
            ["indexed"] = result.Indexed,
            ["requests"] = result.Samples.Count,
            ["warmup"] = result.Warmup,
            ["clients"] = o.Clients,
            ["seed"] = o.Seed,
            ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["cores"] = Environment.ProcessorCount,
            ["load_average"] = result.LoadAverage,
            ["generate_s"] = Math.Round(result.GenerateSeconds, 2),
            ["import_s"] = Math.Round(result.ImportSeconds, 2),
            ["index_s"] = Math.Round(result.IndexSeconds, 2),
            ["pages_per_s"] = Math.Round(result.Samples.Count / result.WallSeconds, 1),
            ["statuses"] = result.Samples.GroupBy(s => s.Status).ToDictionary(g => g.Key.ToString(CultureInfo.InvariantCulture), g => g.Count()),
            ["server"] = Entry(result.Samples.Select(s => s.ServerMs)),
            ["client"] = Entry(result.Samples.Select(s => s.ClientMs)),
            ["search"] = Entry(result.Samples.Select(s => s.SearchMs)),
            ["db"] = Entry(result.Samples.Select(s => s.DbMs)),
            ["render_rest"] = Entry(result.Samples.Select(s => Math.Max(0, s.ServerMs - s.SearchMs - s.DbMs))),
            ["engine_1t"] = Entry(result.EngineWithFacets),
            ["engine_1t_no_facets"] = Entry(result.EngineWithoutFacets),
            ["page_bytes"] = new Dictionary<string, object?> { ["p50"] = bytes.P50, ["p95"] = bytes.P95, ["max"] = bytes.Max },
            ["first_load"] = result.FirstLoads.Select(f => new Dictionary<string, object?>
            {
                ["url"] = f.Url,
                ["status"] = f.Status,
                ["encoding"] = f.Encoding,
                ["compressed_bytes"] = f.CompressedBytes,
                ["html_bytes"] = f.Bytes,
                ["subresources"] = f.Subresources,
            }).ToList(),
            ["kinds"] = StorefrontMix.KindNames.ToDictionary(k => k, k =>
            {
                var entry = Entry(result.Samples.Where(s => s.Kind == k).Select(s => s.ServerMs));
                entry["requests"] = result.Samples.Count(s => s.Kind == k);
                entry["median_total_hits"] = Summarize(result.Hits.Where(h => h.Kind == k).Select(h => (double)h.Total)).P50;
                return entry;
            }),
        };
        return JsonSerializer.Serialize(report, Indented);
    }

    private static double Round(double value) => Math.Round(value, 2);

    private static LatencySummary Summarize(IEnumerable<double> values)
    {
        var latency = new Latency();
        foreach (var value in values)
        {
            latency.Add("", value);
        }

        return latency.Summary();
    }

    /// <summary>Times every request from the pipeline's first middleware to its end (compression included), keyed by the bench's request header.</summary>
    private sealed class TimingFilter(ConcurrentDictionary<string, double> timings) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, inner) =>
            {
                var started = Stopwatch.GetTimestamp();
                await inner(context);
                if (context.Request.Headers.TryGetValue(RequestHeader, out var id))
                {
                    timings[id.ToString()] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                }
            });
            next(app);
        };
    }
}

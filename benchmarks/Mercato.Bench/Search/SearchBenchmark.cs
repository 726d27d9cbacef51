using System.CommandLine;
using System.Diagnostics;

namespace Mercato.Bench.Search;

/// <summary>
/// <c>mercato bench search</c>: builds the engine from N generated vehicles, runs the fixed query mix on one thread
/// (then on two for throughput), loads the same rows into the SQL peers, runs the same queries there and checks that
/// the answers agree. Prints a table and optionally writes the JSON report.
/// </summary>
internal static class SearchBenchmark
{
    public static readonly IReadOnlyList<string> KnownPeers = ["sqlite", "postgres"];

    public static Command Create(CliGlobals globals)
    {
        var listings = CliGlobals.Required("--listings", "how many generated vehicle listings", 1, VehicleGenerator.MaxVehicles);
        var queries = CliGlobals.Int("--queries", "how many queries in the mix (default 1000)", 1000, 1, 1_000_000, "Q");
        var seed = CliGlobals.Int("--seed", "generator seed (default 1)", 1, helpName: "S");
        var peers = new Option<string?>("--peers") { Description = $"sqlite, postgres or none (default sqlite,postgres); postgres reads {PostgresPeer.Variable}", HelpName = "LIST" };
        var json = new Option<string?>("--json") { Description = "also write the figures as JSON", HelpName = "FILE" };
        var command = new Command("search", "the search engine against SQLite FTS5 and PostgreSQL on the same query mix") { listings, queries, seed, peers, json };
        command.SetAction((result, _) => RunAsync(new BenchOptions(
            result.GetValue(listings),
            result.GetValue(queries),
            result.GetValue(seed),
            ParsePeers(result.GetValue(peers)),
            result.GetValue(json),
            Environment.GetEnvironmentVariable(PostgresPeer.Variable) is { Length: > 0 } pg ? pg : null,
            ReferenceDataLoader.LoadForCommand(new ConfigurationBuilder().AddInMemoryCollection(globals.Settings(result)).Build()))));
        return command;
    }

    private static async Task<int> RunAsync(BenchOptions options)
    {
        var report = await RunAsync(options, Console.Error);
        Console.Write(BenchReport.Table(report));
        if (options.JsonPath is { } path)
        {
            try
            {
                await File.WriteAllTextAsync(path, BenchReport.Json(report));
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                throw new StartupException($"cannot write '{path}': {exception.Message}");
            }
        }

        return 0;
    }

    private static List<string> ParsePeers(string? value)
    {
        if (value is null)
        {
            return [.. KnownPeers];
        }

        var peers = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
        if (peers is ["none"])
        {
            return [];
        }

        foreach (var peer in peers.Where(p => !KnownPeers.Contains(p)))
        {
            throw new CliUsageException($"unknown peer '{peer}'; peers: {string.Join(", ", KnownPeers)} or none");
        }

        return peers;
    }

    public static async Task<BenchResult> RunAsync(BenchOptions options, TextWriter progress)
    {
        var loadBefore = LoadAverage();
        var data = new BenchListings(options.Reference, options.Listings, options.Seed);
        var queries = QueryMix.Create(data, options.Queries, options.Seed);
        await progress.WriteLineAsync($"bench: {options.Listings:N0} listings, {queries.Count:N0} queries, seed {options.Seed}");

        using var engine = EngineBackend.Build(data);
        await progress.WriteLineAsync($"bench: engine built in {engine.BuildSeconds:F1} s ({engine.GenerateSeconds:F1} s of it generating rows), {engine.EstimatedMegabytes:F0} MB estimated, {engine.HeapDeltaMegabytes:F0} MB heap");
        foreach (var query in queries)
        {
            engine.Run(query); // warm-up: JIT and caches
        }

        var (engineLatency, answers) = Measure(engine, queries);
        var qps1 = 1000 / engineLatency.Summary().Mean;
        var qps2 = Throughput(engine, queries, threads: 2);
        await progress.WriteLineAsync($"bench: engine p50 {engineLatency.Summary().P50:F2} ms, p95 {engineLatency.Summary().P95:F2} ms; {qps1:F0} q/s on 1 thread, {qps2:F0} on 2");
        var result = new BenchResult(options, queries, engine, engineLatency, qps1, qps2);

        BenchVocabulary? vocabulary = null;
        if (options.Peers.Count > 0)
        {
            vocabulary = new BenchVocabulary();
            foreach (var row in data.Rows())
            {
                vocabulary.Add(row);
            }
        }

        foreach (var name in options.Peers)
        {
            if (name == "postgres" && options.PostgresConnectionString is null)
            {
                result.Peers.Add(new PeerResult(name) { Skipped = $"{PostgresPeer.Variable} is not set" });
                await progress.WriteLineAsync($"bench: postgres skipped: {PostgresPeer.Variable} is not set");
                continue;
            }

            await progress.WriteLineAsync($"bench: loading {name}…");
            IBenchBackend loaded;
            try
            {
                loaded = name == "sqlite"
                    ? SqlitePeer.Load(data.Rows())
                    : await PostgresPeer.LoadAsync(options.PostgresConnectionString!, data.Rows());
            }
            catch (Npgsql.NpgsqlException failure)
            {
                result.Peers.Add(new PeerResult(name) { Skipped = $"cannot load: {failure.Message}" });
                await progress.WriteLineAsync($"bench: {name} skipped: {failure.Message}");
                continue;
            }

            using var peer = loaded;
            var peerResult = new PeerResult(name) { LoadSeconds = peer is SqlitePeer s ? s.LoadSeconds : ((PostgresPeer)peer).LoadSeconds };
            await progress.WriteLineAsync($"bench: {name} loaded in {peerResult.LoadSeconds:F1} s; running the mix…");
            foreach (var query in queries.Take(Math.Max(1, queries.Count / 10)))
            {
                peer.Run(query); // warm-up: page cache and plans
            }

            var (latency, peerAnswers) = Measure(peer, queries);
            peerResult.Latency = latency;
            for (var i = 0; i < queries.Count; i++)
            {
                var query = queries[i];
                var why = !query.Comparable ? "typo" : query.Text is { } text ? vocabulary!.WhyNotComparable(text, 200) : null;
                if (why is not null)
                {
                    peerResult.Agreement.Skip();
                    continue;
                }

                peerResult.Agreement.Record(query, Agreement.Difference(query, answers[i], peerAnswers[i]));
            }

            result.Peers.Add(peerResult);
            await progress.WriteLineAsync($"bench: {name} p50 {latency.Summary().P50:F2} ms, p95 {latency.Summary().P95:F2} ms; agrees on {peerResult.Agreement.Agreed}/{peerResult.Agreement.Compared}");
        }

        result.LoadAverage = $"{loadBefore} → {LoadAverage()}";
        return result;
    }

    // Other work on the machine skews latencies; the 1-minute load average before and after the run is reported with them.
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

    private static (Latency Latency, BenchAnswer[] Answers) Measure(IBenchBackend backend, List<BenchQuery> queries)
    {
        var latency = new Latency();
        var answers = new BenchAnswer[queries.Count];
        for (var i = 0; i < queries.Count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            answers[i] = backend.Run(queries[i]);
            latency.Add(queries[i].Kind, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return (latency, answers);
    }

    // Each thread runs the whole mix from its own starting point; queries per second of wall time.
    private static double Throughput(EngineBackend backend, List<BenchQuery> queries, int threads)
    {
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            for (var i = 0; i < queries.Count; i++)
            {
                backend.Run(queries[(i + (t * queries.Count / threads)) % queries.Count]);
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        return threads * queries.Count / watch.Elapsed.TotalSeconds;
    }
}

internal sealed record BenchOptions(int Listings, int Queries, int Seed, IReadOnlyList<string> Peers, string? JsonPath, string? PostgresConnectionString, ReferenceDataSet Reference);

internal sealed class BenchResult(BenchOptions options, List<BenchQuery> queries, EngineBackend engine, Latency engineLatency, double qps1, double qps2)
{
    public BenchOptions Options { get; } = options;

    public List<BenchQuery> Queries { get; } = queries;

    public double BuildSeconds { get; } = engine.BuildSeconds;

    public double GenerateSeconds { get; } = engine.GenerateSeconds;

    public double EstimatedMegabytes { get; } = engine.EstimatedMegabytes;

    public double HeapDeltaMegabytes { get; } = engine.HeapDeltaMegabytes;

    public Latency EngineLatency { get; } = engineLatency;

    public double Qps1 { get; } = qps1;

    public double Qps2 { get; } = qps2;

    public List<PeerResult> Peers { get; } = [];

    public string LoadAverage { get; set; } = "n/a";
}

internal sealed class PeerResult(string name)
{
    public string Name { get; } = name;

    public string? Skipped { get; init; }

    public double LoadSeconds { get; init; }

    public Latency Latency { get; set; } = new();

    public AgreementTally Agreement { get; } = new();
}

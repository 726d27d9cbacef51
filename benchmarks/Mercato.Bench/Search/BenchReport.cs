using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Mercato.Bench.Search;

/// <summary>The benchmark's outputs: a table for people, JSON for tools (keys as the issue fixes them).</summary>
internal static class BenchReport
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static string Table(BenchResult result)
    {
        var o = result.Options;
        var engine = result.EngineLatency.Summary();
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"\nsearch benchmark: {o.Listings:N0} listings, {result.Queries.Count:N0} queries, seed {o.Seed}, {Environment.ProcessorCount} cores, load average {result.LoadAverage}\n");
        text.Append(CultureInfo.InvariantCulture, $"engine build {result.BuildSeconds:F1} s (of which generating rows {result.GenerateSeconds:F1} s), memory {result.EstimatedMegabytes:F0} MB estimated / {result.HeapDeltaMegabytes:F0} MB GC heap delta\n");
        text.Append(CultureInfo.InvariantCulture, $"engine throughput {result.Qps1:F0} q/s on 1 thread, {result.Qps2:F0} q/s on 2 threads\n\n");
        text.Append(CultureInfo.InvariantCulture, $"{"backend",-10} {"load s",8} {"p50 ms",9} {"p95 ms",9} {"p99 ms",9} {"max ms",9} {"p95 ×engine",12} {"agree",14}\n");
        text.Append(CultureInfo.InvariantCulture, $"{"engine",-10} {result.BuildSeconds,8:F1} {engine.P50,9:F2} {engine.P95,9:F2} {engine.P99,9:F2} {engine.Max,9:F2} {"",12} {"",14}\n");
        foreach (var peer in result.Peers)
        {
            if (peer.Skipped is not null)
            {
                text.Append(CultureInfo.InvariantCulture, $"{peer.Name,-10} skipped: {peer.Skipped}\n");
                continue;
            }

            var s = peer.Latency.Summary();
            var a = peer.Agreement;
            text.Append(CultureInfo.InvariantCulture, $"{peer.Name,-10} {peer.LoadSeconds,8:F1} {s.P50,9:F2} {s.P95,9:F2} {s.P99,9:F2} {s.Max,9:F2} {Ratio(s.P95, engine.P95),12} {$"{a.Agreed}/{a.Compared} (+{a.NotComparable} n/c)",14}\n");
        }

        text.Append("\np95 ms by query kind\n");
        text.Append(CultureInfo.InvariantCulture, $"{"kind",-16} {"n",5} {"engine",9}");
        foreach (var peer in result.Peers.Where(p => p.Skipped is null))
        {
            text.Append(CultureInfo.InvariantCulture, $" {peer.Name,9}");
        }

        text.Append('\n');
        foreach (var kind in QueryMix.KindNames)
        {
            var e = result.EngineLatency.Summary(kind);
            if (e.Count == 0)
            {
                continue;
            }

            text.Append(CultureInfo.InvariantCulture, $"{kind,-16} {e.Count,5} {e.P95,9:F2}");
            foreach (var peer in result.Peers.Where(p => p.Skipped is null))
            {
                text.Append(CultureInfo.InvariantCulture, $" {peer.Latency.Summary(kind).P95,9:F2}");
            }

            text.Append('\n');
        }

        foreach (var peer in result.Peers.Where(p => p.Agreement.Mismatches.Count > 0))
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{peer.Name} disagrees with the engine on {peer.Agreement.Compared - peer.Agreement.Agreed} queries, for example:\n");
            foreach (var mismatch in peer.Agreement.Mismatches.Take(5))
            {
                text.Append("  ").Append(mismatch).Append('\n');
            }
        }

        return text.ToString();
    }

    public static string Json(BenchResult result)
    {
        var engine = result.EngineLatency.Summary();
        var peers = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var peer in result.Peers)
        {
            if (peer.Skipped is not null)
            {
                peers[peer.Name] = new Dictionary<string, object?> { ["skipped"] = peer.Skipped, ["agree"] = null };
                continue;
            }

            var s = peer.Latency.Summary();
            var entry = Latencies(s);
            entry["load_s"] = Round(peer.LoadSeconds);
            entry["p95_ratio_vs_engine"] = Round(s.P95 / engine.P95);
            entry["agree"] = peer.Agreement.Agree;
            entry["compared"] = peer.Agreement.Compared;
            entry["agreed"] = peer.Agreement.Agreed;
            entry["not_comparable"] = peer.Agreement.NotComparable;
            entry["mismatches"] = peer.Agreement.Mismatches;
            entry["kinds"] = Kinds(peer.Latency);
            peers[peer.Name] = entry;
        }

        var engineEntry = Latencies(engine);
        engineEntry["qps_1t"] = Round(result.Qps1);
        engineEntry["qps_2t"] = Round(result.Qps2);
        engineEntry["build_s"] = Round(result.BuildSeconds);
        engineEntry["generate_s"] = Round(result.GenerateSeconds);
        engineEntry["memory_mb"] = Round(result.EstimatedMegabytes);
        engineEntry["heap_delta_mb"] = Round(result.HeapDeltaMegabytes);
        engineEntry["kinds"] = Kinds(result.EngineLatency);
        var report = new Dictionary<string, object>
        {
            ["listings"] = result.Options.Listings,
            ["queries"] = result.Queries.Count,
            ["seed"] = result.Options.Seed,
            ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["cores"] = Environment.ProcessorCount,
            ["load_average"] = result.LoadAverage,
            ["engine"] = engineEntry,
            ["peers"] = peers,
        };
        return JsonSerializer.Serialize(report, JsonOptions);
    }

    private static Dictionary<string, object?> Latencies(LatencySummary s) => new()
    {
        ["p50_ms"] = Round(s.P50),
        ["p95_ms"] = Round(s.P95),
        ["p99_ms"] = Round(s.P99),
        ["max_ms"] = Round(s.Max),
        ["mean_ms"] = Round(s.Mean),
    };

    private static Dictionary<string, object?> Kinds(Latency latency) =>
        QueryMix.KindNames.Select(k => (k, latency.Summary(k))).Where(x => x.Item2.Count > 0)
            .ToDictionary(x => x.k, x => (object?)new Dictionary<string, object> { ["n"] = x.Item2.Count, ["p50_ms"] = Round(x.Item2.P50), ["p95_ms"] = Round(x.Item2.P95), ["p99_ms"] = Round(x.Item2.P99) });

    private static double Round(double value) => Math.Round(value, 3);

    private static string Ratio(double peer, double engine) => engine > 0 ? string.Create(CultureInfo.InvariantCulture, $"{peer / engine:F1}×") : "n/a";
}

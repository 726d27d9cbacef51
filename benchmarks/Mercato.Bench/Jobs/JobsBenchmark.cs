using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Dapper;
using Mercato.Server.Infrastructure;

namespace Mercato.Bench.Jobs;

/// <summary>
/// <c>mercato bench jobs</c>: throughput of no-op jobs (N enqueued in bulk, then W concurrent workers drain them,
/// counted until every job is recorded completed in the database) and enqueue→start latency with idle workers (one
/// job at a time in its own transaction, measured from before the enqueue call to the handler's first line).
/// </summary>
internal static class JobsBenchmark
{
    public const string Queue = "bench";
    private const int LatencySamples = 500;
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(CliGlobals globals)
    {
        var jobs = CliGlobals.Int("--jobs", "no-op jobs for the throughput run (default 10,000)", 10_000, 1, 10_000_000);
        var workers = CliGlobals.Int("--workers", "jobs running at once on this node (default 50)", 50, 1, 10_000, "W");
        var json = new Option<string?>("--json") { Description = "also write the figures as JSON", HelpName = "FILE" };
        var command = new Command("jobs", "job throughput and enqueue-to-start latency (without --database, a fresh SQLite database in a temporary folder)")
        {
            jobs, workers, json,
        };
        command.SetAction((result, _) => RunAsync(result.GetValue(jobs), result.GetValue(workers), result.GetValue(json), globals.Settings(result)));
        return command;
    }

    private static async Task<int> RunAsync(int jobs, int workers, string? jsonPath, Dictionary<string, string?> settings)
    {
        string? temporary = null;
        if (!settings.ContainsKey($"{DatabaseOptions.Section}:ConnectionString") && !settings.ContainsKey($"{DatabaseOptions.Section}:DataDir")
            && Environment.GetEnvironmentVariable(DatabaseOptions.ConnectionStringVariable) is null)
        {
            temporary = Path.Combine(Path.GetTempPath(), $"mercato-bench-{Guid.NewGuid():N}");
            settings[$"{DatabaseOptions.Section}:DataDir"] = temporary;
        }

        settings[$"{JobsOptions.Section}:Queues:{Queue}:Concurrency"] = workers.ToString(CultureInfo.InvariantCulture);
        settings[$"{JobsOptions.Section}:Queues:default:Concurrency"] = "0";
        settings[$"{JobsOptions.Section}:ClaimBatch"] = Math.Min(workers, 1000).ToString(CultureInfo.InvariantCulture);
        var probe = new LatencyProbe();
        try
        {
            using var host = JobsHost.Build(settings, LogLevel.Warning, services =>
            {
                services.AddSingleton(probe);
                services.AddJobHandler<LatencyPayload, LatencyJob>(LatencyJob.Kind, kind => kind.Queue = Queue);
            });
            var database = host.Services.GetRequiredService<Database>();
            await host.Services.GetRequiredService<Migrator>().EnsureCurrentAsync(migrate: true);
            await using (var connection = await database.OpenAsync())
            {
                await connection.ExecuteAsync("DELETE FROM jobs WHERE queue = @Queue", new { Queue });
            }

            var client = host.Services.GetRequiredService<JobClient>();
            Console.WriteLine($"{database.Description}: enqueueing {jobs:N0} no-op jobs");
            var enqueueClock = Stopwatch.StartNew();
            await using (var connection = await database.OpenAsync())
            {
                for (var offset = 0; offset < jobs; offset += 5000)
                {
                    var batch = Enumerable.Range(0, Math.Min(5000, jobs - offset)).Select(_ => new JobRequest(NoopJob.Kind, "{}") { Queue = Queue }).ToList();
                    await using var transaction = await Database.BeginWriteAsync(connection);
                    await client.EnqueueManyAsync(connection, transaction, batch);
                    await transaction.CommitAsync();
                }
            }

            var enqueuePerSecond = jobs / enqueueClock.Elapsed.TotalSeconds;
            var clock = Stopwatch.StartNew();
            await host.StartAsync();
            await using (var connection = await database.OpenAsync())
            {
                while (await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM jobs WHERE queue = @Queue AND state = 'completed'", new { Queue }) < jobs)
                {
                    await Task.Delay(10);
                }
            }

            var jobsPerSecond = jobs / clock.Elapsed.TotalSeconds;
            Console.WriteLine($"throughput: {jobsPerSecond:N0} jobs/s with {workers} workers ({clock.Elapsed.TotalSeconds:N2} s); bulk enqueue {enqueuePerSecond:N0} jobs/s");

            await Task.Delay(500); // let the workers go idle
            var latencies = new List<double>(LatencySamples);
            for (var i = 0; i < LatencySamples; i++)
            {
                var started = probe.Expect(i);
                var before = Stopwatch.GetTimestamp();
                await client.EnqueueAsync(new JobRequest(LatencyJob.Kind, JsonSerializer.Serialize(new LatencyPayload(i), JsonDefaults.Options)));
                var at = await started.WaitAsync(TimeSpan.FromSeconds(10));
                latencies.Add(Stopwatch.GetElapsedTime(before, at).TotalMilliseconds);
                await Task.Delay(2);
            }

            latencies.Sort();
            double P(double q) => latencies[(int)Math.Min(latencies.Count - 1, Math.Ceiling(latencies.Count * q) - 1)];
            Console.WriteLine($"enqueue→start latency over {LatencySamples} jobs: p50 {P(0.5):N2} ms, p99 {P(0.99):N2} ms, max {latencies[^1]:N2} ms");
            await host.StopAsync();
            await using (var connection = await database.OpenAsync())
            {
                await connection.ExecuteAsync("DELETE FROM jobs WHERE queue = @Queue", new { Queue });
            }

            if (jsonPath is { } file)
            {
                var result = new Dictionary<string, object>
                {
                    ["engine"] = database.IsPostgres ? "postgres" : "sqlite",
                    ["jobs"] = jobs,
                    ["workers"] = workers,
                    ["jobs_per_s"] = Math.Round(jobsPerSecond),
                    ["enqueue_bulk_per_s"] = Math.Round(enqueuePerSecond),
                    ["latency_samples"] = LatencySamples,
                    ["latency_p50_ms"] = Math.Round(P(0.5), 2),
                    ["latency_p99_ms"] = Math.Round(P(0.99), 2),
                    ["latency_max_ms"] = Math.Round(latencies[^1], 2),
                    ["processors"] = Environment.ProcessorCount,
                    ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
                    ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                };
                await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, Indented));
            }

            return 0;
        }
        finally
        {
            if (temporary is not null)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(temporary, recursive: true);
            }
        }
    }

    internal sealed record LatencyPayload(int Sample);

    internal sealed class LatencyProbe
    {
        private readonly ConcurrentDictionary<int, TaskCompletionSource<long>> _waiting = new();

        public Task<long> Expect(int sample) => _waiting.GetOrAdd(sample, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        public void Started(int sample, long timestamp)
        {
            if (_waiting.TryRemove(sample, out var source))
            {
                source.TrySetResult(timestamp);
            }
        }
    }

    internal sealed class LatencyJob(LatencyProbe probe) : IJobHandler<LatencyPayload>
    {
        public const string Kind = "bench.latency";

        public Task HandleAsync(LatencyPayload payload, JobContext context, CancellationToken cancellationToken)
        {
            probe.Started(payload.Sample, Stopwatch.GetTimestamp());
            return Task.CompletedTask;
        }
    }
}

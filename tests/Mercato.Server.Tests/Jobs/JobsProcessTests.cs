using System.Diagnostics;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Jobs;

/// <summary>Runs alone: its timings mean something only when the other test classes are not competing for the CPU.</summary>
[CollectionDefinition(nameof(JobsProcessTests), DisableParallelization = true)]
public sealed class JobsProcessTestsRunAlone;

/// <summary>Worker processes (<c>mercato jobs-worker</c>) on one PostgreSQL database: several nodes, and a node killed with SIGKILL.</summary>
[Collection(nameof(JobsProcessTests))]
public sealed class JobsProcessTests(PostgresJobsFixture fixture) : IClassFixture<PostgresJobsFixture>
{
    private const string Queue = "procs";

    [SkippableFact]
    public async Task Ten_thousand_jobs_run_by_four_workers_in_two_processes_each_complete_exactly_once()
    {
        fixture.SkipIfUnavailable();
        using var first = await WorkerProcess.StartAsync(fixture.ConnectionString!, workers: 2);
        using var second = await WorkerProcess.StartAsync(fixture.ConnectionString!, workers: 2);
        var tag = Guid.NewGuid().ToString("N");
        var database = fixture.Database();
        await using (var connection = await database.OpenAsync())
        {
            var request = JobsTestExtensions.Request(RecordJob.Kind, new RecordPayload(tag)) with { Queue = Queue };
            for (var batch = 0; batch < 10; batch++)
            {
                await using var transaction = await Database.BeginWriteAsync(connection);
                await fixture.Jobs().EnqueueManyAsync(connection, transaction, Enumerable.Repeat(request, 1000).ToList());
                await transaction.CommitAsync();
            }
        }

        await JobsTestExtensions.EventuallyAsync(
            async () => await fixture.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE queue = @Queue AND state = 'completed'", new { Queue }) >= 10_000,
            "10,000 completed jobs", seconds: 120);

        await using var check = await database.OpenAsync();
        var runs = await check.QuerySingleAsync<(long Runs, long Jobs, long Nodes, int MaxAttempt)>(
            "SELECT count(*), count(DISTINCT job_id), count(DISTINCT node), max(attempt) FROM jobs_diagnostics WHERE tag = @tag", new { tag });
        runs.ShouldBe((10_000L, 10_000L, 2L, 1));
        (await check.ExecuteScalarAsync<long>("SELECT count(*) FROM jobs WHERE queue = @Queue AND state <> 'completed'", new { Queue })).ShouldBe(0);
    }

    [SkippableFact]
    public async Task A_job_of_a_killed_worker_completes_on_another_node_within_the_rescue_window()
    {
        fixture.SkipIfUnavailable();
        using var first = await WorkerProcess.StartAsync(fixture.ConnectionString!, workers: 1);
        using var second = await WorkerProcess.StartAsync(fixture.ConnectionString!, workers: 1);
        var id = (await fixture.Jobs().EnqueueAsync(
            JobsTestExtensions.Request(SleepJob.Kind, new SleepPayload(600_000, FirstAttemptOnly: true)) with { Queue = Queue, Priority = 100 })).Id;
        await JobsTestExtensions.EventuallyAsync(
            async () => await fixture.ScalarAsync<long>("SELECT count(*) FROM jobs_diagnostics WHERE job_id = @id", new { id }) == 1, "the job to be running its handler");
        var node = await fixture.ScalarAsync<string>("SELECT node FROM jobs WHERE id = @id", new { id });
        var (victim, survivor) = node == first.Node ? (first, second) : (second, first);
        victim.Node.ShouldBe(node);

        victim.Kill();
        var clock = Stopwatch.StartNew();
        await fixture.WaitForStateAsync(id, JobStates.Completed, seconds: 15);
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(3 + 1.5), "rescue window is 3 s (plus scheduling slack)");

        await using var check = await fixture.Database().OpenAsync();
        var runs = (await check.QueryAsync<(int Attempt, string Node)>("SELECT attempt, node FROM jobs_diagnostics WHERE job_id = @id ORDER BY attempt", new { id })).ToList();
        runs.ShouldBe([(1, victim.Node), (2, survivor.Node)]);
        (await check.ExecuteScalarAsync<string>("SELECT outcome FROM job_attempts WHERE job_id = @id AND attempt = 1", new { id })).ShouldBe("rescued");
    }

    private sealed class WorkerProcess : IDisposable
    {
        private readonly Process _process;

        private WorkerProcess(Process process, string node)
        {
            _process = process;
            Node = node;
        }

        public string Node { get; }

        public static async Task<WorkerProcess> StartAsync(string connectionString, int workers)
        {
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[]
            {
                Path.Combine(AppContext.BaseDirectory, "Mercato.Server.dll"), "jobs-worker", "--database", connectionString, "--queue", Queue,
                "--workers", workers.ToString(System.Globalization.CultureInfo.InvariantCulture), "--rescue-after", "3", "--poll-ms", "100",
            })
            {
                start.ArgumentList.Add(arg);
            }

            var process = Process.Start(start)!;
            process.ErrorDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
            if (line is null || !line.StartsWith("ready ", StringComparison.Ordinal))
            {
                process.Kill();
                throw new InvalidOperationException($"worker process did not start: {line}");
            }

            return new WorkerProcess(process, line["ready ".Length..]);
        }

        /// <summary>SIGKILL: no shutdown code runs, the node just stops heart-beating.</summary>
        public void Kill()
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit();
            }
        }

        public void Dispose()
        {
            Kill();
            _process.Dispose();
        }
    }
}

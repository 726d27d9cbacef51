using System.CommandLine;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Infrastructure.Cli;

namespace Mercato.Server.Jobs;

/// <summary>
/// <c>mercato jobs-worker</c> (not listed in help): a process that only runs job workers, with two diagnostic job kinds.
/// The multi-process and crash tests start it; operators can use it to run workers apart from web nodes.
/// </summary>
internal static class JobsWorkerCommand
{
    public static Command Create(CliGlobals globals)
    {
        var queue = new Option<string>("--queue") { Description = "the queue to work (default: default)", HelpName = "Q", DefaultValueFactory = _ => JobsOptions.DefaultQueue };
        var workers = CliGlobals.Int("--workers", "jobs of that queue running at once (default 10)", 10, 1, 10_000, "W");
        var rescueAfter = CliGlobals.Int("--rescue-after", "rescue window for jobs of dead nodes (default 30)", 30, 1, 3600, "SECONDS");
        var pollMs = CliGlobals.Int("--poll-ms", "poll interval when no notification arrives (default 1000)", 1000, 10, 60_000, "MS");
        var command = new Command("jobs-worker", "run job workers only (no web server)") { queue, workers, rescueAfter, pollMs };
        command.Hidden = true;
        command.SetAction(async (result, _) =>
        {
            var settings = globals.Settings(result);
            var name = result.GetRequiredValue(queue);
            if (!JobRequest.IsValidName(name))
            {
                throw new CliUsageException($"queue '{name}' must be 1-64 letters, digits, '.', '-' or '_'");
            }

            if (name != JobsOptions.DefaultQueue)
            {
                settings[$"{JobsOptions.Section}:Queues:{JobsOptions.DefaultQueue}:Concurrency"] = "0";
            }

            settings[$"{JobsOptions.Section}:Queues:{name}:Concurrency"] = result.GetValue(workers).ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings[$"{JobsOptions.Section}:RescueAfter"] = TimeSpan.FromSeconds(result.GetValue(rescueAfter)).ToString();
            settings[$"{JobsOptions.Section}:PollInterval"] = TimeSpan.FromMilliseconds(result.GetValue(pollMs)).ToString();
            // The host handles Ctrl+C and SIGTERM itself.
            using var host = JobsHost.Build(settings, LogLevel.Warning, AddDiagnostics);
            await host.Services.GetRequiredService<Migrator>().EnsureCurrentAsync(migrate: true, CancellationToken.None);
            await DiagnosticsTable.EnsureAsync(host.Services.GetRequiredService<Database>());
            await host.StartAsync(CancellationToken.None);
            Console.WriteLine($"ready {host.Services.GetRequiredService<JobWorker>().Node}");
            await host.WaitForShutdownAsync(CancellationToken.None);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static void AddDiagnostics(IServiceCollection services)
    {
        services.AddJobHandler<RecordPayload, RecordJob>(RecordJob.Kind);
        services.AddJobHandler<SleepPayload, SleepJob>(SleepJob.Kind);
    }
}

internal sealed record RecordPayload(string Tag);

/// <summary><c>diagnostics.record</c>: writes one row per run to <c>jobs_diagnostics</c>, so a test can count runs per job.</summary>
internal sealed class RecordJob(Database database, JobWorker worker) : IJobHandler<RecordPayload>
{
    public const string Kind = "diagnostics.record";

    public async Task HandleAsync(RecordPayload payload, JobContext context, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        // Diagnostics need not survive a database crash, so they skip the WAL flush wait (PostgreSQL).
        await connection.ExecuteAsync(
            database.AsynchronousCommit + "INSERT INTO jobs_diagnostics (job_id, attempt, node, tag) VALUES (@Id, @Attempt, @node, @tag)",
            new { context.Id, context.Attempt, node = worker.Node, tag = payload.Tag });
    }
}

internal sealed record SleepPayload(int Milliseconds, bool FirstAttemptOnly);

/// <summary><c>diagnostics.sleep</c>: records its run like <see cref="RecordJob"/>, then sleeps (honouring cancellation).</summary>
internal sealed class SleepJob(Database database, JobWorker worker) : IJobHandler<SleepPayload>
{
    public const string Kind = "diagnostics.sleep";

    public async Task HandleAsync(SleepPayload payload, JobContext context, CancellationToken cancellationToken)
    {
        await new RecordJob(database, worker).HandleAsync(new RecordPayload("sleep"), context, cancellationToken);
        if (!payload.FirstAttemptOnly || context.Attempt == 1)
        {
            await Task.Delay(payload.Milliseconds, cancellationToken);
        }
    }
}

internal static class DiagnosticsTable
{
    public static async Task EnsureAsync(Database database)
    {
        await using var connection = await database.OpenAsync();
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS jobs_diagnostics (job_id bigint NOT NULL, attempt integer NOT NULL, node text NOT NULL, tag text NOT NULL)");
    }
}

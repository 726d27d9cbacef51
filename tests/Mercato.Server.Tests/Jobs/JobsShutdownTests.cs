using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mercato.Server.Tests.Jobs;

public sealed class JobsShutdownTests
{
    [Fact]
    public async Task Shutdown_lets_running_jobs_finish_until_the_deadline_then_puts_the_rest_back_in_the_queue()
    {
        var dataDir = TestDatabases.NewSqliteDirectory();
        try
        {
            var settings = JobsFixture.JobSettings();
            settings["Mercato:Database:DataDir"] = dataDir;
            settings["Mercato:Jobs:ShutdownTimeout"] = "00:00:05"; // the quick job needs 0.4 s of it, even on a loaded machine
            var journal = new TestJournal();
            using var host = JobsHost.Build(settings, LogLevel.Warning, services =>
            {
                services.AddSingleton(journal);
                TestJobs.Add(services);
            });
            await host.Services.GetRequiredService<Migrator>().EnsureCurrentAsync(migrate: true);
            await DiagnosticsTable.EnsureAsync(host.Services.GetRequiredService<Database>());
            await host.StartAsync();
            var jobs = host.Services.GetRequiredService<JobClient>();
            var quick = (await jobs.EnqueueAsync(JobsTestExtensions.Request(SleepJob.Kind, new SleepPayload(400, FirstAttemptOnly: false)))).Id;
            var stuck = (await jobs.EnqueueAsync(JobsTestExtensions.Request(TestJobs.Block, new TagPayload("stuck")))).Id;
            await JobsTestExtensions.EventuallyAsync(() => Task.FromResult(journal.For("stuck").Count == 1), "the blocking job to start");
            var store = host.Services.GetRequiredService<JobStore>();
            await JobsTestExtensions.EventuallyAsync(
                async () => (await store.FindAsync(0, quick, CancellationToken.None))!.State is JobStates.Running or JobStates.Completed, "the quick job to start");

            await host.StopAsync();

            var finished = await store.FindAsync(0, quick, CancellationToken.None);
            finished!.State.ShouldBe(JobStates.Completed, "it finished within the shutdown deadline");
            var released = await store.FindAsync(0, stuck, CancellationToken.None);
            released!.State.ShouldBe(JobStates.Available, "released at the deadline");
            released.Attempt.ShouldBe(0, "a release does not use up an attempt");
            released.Node.ShouldNotBeNull();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dataDir, recursive: true);
        }
    }
}

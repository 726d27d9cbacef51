using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Jobs;

public abstract class JobsTests(JobsFixture fixture)
{
    [SkippableFact]
    public async Task A_rolled_back_write_enqueues_nothing_and_a_committed_one_runs_its_job()
    {
        fixture.SkipIfUnavailable();
        var tag = Guid.NewGuid().ToString("N");
        var database = fixture.Database();
        await using var connection = await database.OpenAsync();
        await using (var transaction = await Database.BeginWriteAsync(connection))
        {
            _ = (await fixture.Jobs().EnqueueAsync(connection, transaction, JobsTestExtensions.Request(TestJobs.Record, new TagPayload(tag)))).Id;
            await transaction.RollbackAsync();
        }

        long committed;
        await using (var transaction = await Database.BeginWriteAsync(connection))
        {
            committed = (await fixture.Jobs().EnqueueAsync(connection, transaction, JobsTestExtensions.Request(TestJobs.Record, new TagPayload(tag)))).Id;
            await transaction.CommitAsync();
        }

        await fixture.WaitForStateAsync(committed, JobStates.Completed);
        (await fixture.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE CAST(payload AS text) LIKE @pattern", new { pattern = $"%{tag}%" })).ShouldBe(1, "only the committed job exists");
        fixture.Journal.For(tag).Select(r => r.Id).ShouldBe([committed]);
    }

    [SkippableFact]
    public async Task Higher_priority_jobs_run_first_and_equal_priorities_in_enqueue_order()
    {
        fixture.SkipIfUnavailable();
        var tag = Guid.NewGuid().ToString("N");
        var database = fixture.Database();
        await using var connection = await database.OpenAsync();
        var ids = new Dictionary<long, int>();
        await using (var transaction = await Database.BeginWriteAsync(connection))
        {
            // One transaction, so the single worker of queue 'serial' sees them all at once.
            foreach (var priority in new[] { 0, 10, -5, 10, 5 })
            {
                var id = (await fixture.Jobs().EnqueueAsync(connection, transaction,
                    JobsTestExtensions.Request(TestJobs.Record, new TagPayload(tag)) with { Queue = "serial", Priority = priority })).Id;
                ids[id] = priority;
            }

            await transaction.CommitAsync();
        }

        await JobsTestExtensions.EventuallyAsync(() => Task.FromResult(fixture.Journal.For(tag).Count == 5), "five runs");
        var order = fixture.Journal.For(tag).Select(r => r.Id).ToList();
        order.Select(id => ids[id]).ShouldBe([10, 10, 5, 0, -5]);
        order[0].ShouldBeLessThan(order[1]);
    }

    [SkippableFact]
    public async Task Failed_attempts_retry_with_exponential_backoff_keep_every_error_and_end_discarded()
    {
        fixture.SkipIfUnavailable();
        var tag = Guid.NewGuid().ToString("N");
        var id = (await fixture.Jobs().EnqueueAsync(
            JobsTestExtensions.Request(TestJobs.Fail, new FailPayload(tag, "upstream said no")) with { MaxAttempts = 3 })).Id;

        // Base 10 min, jitter 20 %: retry 1 waits 10-12 min, retry 2 waits 20-24 min; the clock is moved, not waited for.
        foreach (var (attempt, minimum) in new[] { (1, 10.0), (2, 20.0) })
        {
            await JobsTestExtensions.EventuallyAsync(async () => (await fixture.JobAsync(id)) is { State: JobStates.Available, Attempt: var a } && a == attempt, $"attempt {attempt} failed");
            var failedAt = await AttemptFinishedAsync(id, attempt);
            var job = await fixture.JobAsync(id);
            var wait = (job.RunAt - failedAt).TotalMinutes;
            wait.ShouldBeInRange(minimum - 0.01, minimum * 1.2 + 0.01);
            job.LastError!.ShouldContain("upstream said no");
            fixture.Clock.Advance(TimeSpan.FromMinutes(minimum * 1.2 + 0.1));
        }

        await fixture.WaitForStateAsync(id, JobStates.Discarded);
        fixture.Journal.For(tag).Select(r => r.Attempt).ShouldBe([1, 2, 3]);
        using var t = await fixture.CreateTenantAsync();
        var view = await (await t.Http.GetAsync($"api/admin/jobs/{id}")).JsonAsync(System.Net.HttpStatusCode.OK);
        var attempts = view["attempts"]!.AsArray();
        attempts.Count.ShouldBe(3);
        attempts.ShouldAllBe(a => ((string)a!["error"]!).Contains("upstream said no") && (string)a["outcome"]! == "failed");

        // Manual retry of a discarded job: one more attempt, now.
        var retried = await (await t.Http.PostAsync($"api/admin/jobs/{id}/retry", null)).JsonAsync(System.Net.HttpStatusCode.OK);
        ((int)retried["maxAttempts"]!).ShouldBe(4);
        await JobsTestExtensions.EventuallyAsync(() => Task.FromResult(fixture.Journal.For(tag).Count == 4), "the manual retry ran");
        await fixture.WaitForStateAsync(id, JobStates.Discarded);
    }

    [SkippableFact]
    public async Task A_poison_job_does_not_block_its_queue()
    {
        fixture.SkipIfUnavailable();
        var tag = Guid.NewGuid().ToString("N");
        var poison = (await fixture.Jobs().EnqueueAsync(JobsTestExtensions.Request(TestJobs.Fail, new FailPayload(tag, "poison")) with { Queue = "serial", Priority = 100 })).Id;
        var healthy = (await fixture.Jobs().EnqueueAsync(JobsTestExtensions.Request(TestJobs.Record, new TagPayload(tag)) with { Queue = "serial" })).Id;
        await fixture.WaitForStateAsync(healthy, JobStates.Completed);
        (await fixture.JobAsync(poison)).State.ShouldBe(JobStates.Available, "waiting for its retry, out of the way");
    }

    [SkippableFact]
    public async Task A_unique_key_refuses_a_second_job_while_one_is_queued_or_within_the_window()
    {
        fixture.SkipIfUnavailable();
        var key = $"feeds.import:seller-{Guid.NewGuid():N}";
        var later = JobsTestExtensions.Request(TestJobs.Record, new TagPayload(key)) with { UniqueKey = key, Delay = TimeSpan.FromHours(1) };
        var first = await fixture.Jobs().EnqueueAsync(later);
        var second = await fixture.Jobs().EnqueueAsync(later);
        first.Duplicate.ShouldBeFalse();
        second.ShouldBe(new EnqueueResult(first.Id, Duplicate: true));

        using var t = await fixture.CreateTenantAsync();
        (await t.Http.PostAsync($"api/admin/jobs/{first.Id}/cancel", null)).EnsureSuccessStatusCode();
        var third = await fixture.Jobs().EnqueueAsync(later);
        third.Duplicate.ShouldBeFalse("the first job is cancelled and there is no window");

        var windowed = later with { UniqueKey = key + ":w", UniqueWindow = TimeSpan.FromHours(2) };
        var w1 = await fixture.Jobs().EnqueueAsync(windowed);
        (await t.Http.PostAsync($"api/admin/jobs/{w1.Id}/cancel", null)).EnsureSuccessStatusCode();
        (await fixture.Jobs().EnqueueAsync(windowed)).ShouldBe(new EnqueueResult(w1.Id, Duplicate: true));
    }

    [SkippableFact]
    public async Task Concurrent_enqueues_with_one_unique_key_make_one_job()
    {
        fixture.SkipIfUnavailable();
        var key = $"unique-{Guid.NewGuid():N}";
        var request = JobsTestExtensions.Request(TestJobs.Record, new TagPayload(key)) with { UniqueKey = key, Delay = TimeSpan.FromHours(1) };
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => fixture.Jobs().EnqueueAsync(request))));
        results.Count(r => !r.Duplicate).ShouldBe(1);
        results.Select(r => r.Id).Distinct().Count().ShouldBe(1);
    }

    [SkippableFact]
    public async Task A_job_without_budget_is_deferred_to_the_next_period_and_runs_then()
    {
        fixture.SkipIfUnavailable();
        var tag = Guid.NewGuid().ToString("N");
        // 'webhooks' grants 2 units per minute and key; the third call waits for the next minute.
        var request = JobsTestExtensions.Request(TestJobs.Record, new TagPayload(tag)) with { Queue = "serial", Budget = new JobBudget("webhooks", tag, 1) };
        var ids = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await fixture.Jobs().EnqueueAsync(request)).Id);
        }

        await JobsTestExtensions.EventuallyAsync(() => Task.FromResult(fixture.Journal.For(tag).Count == 2), "two runs within the budget");
        var deferred = ids.Single(id => !fixture.Journal.For(tag).Any(r => r.Id == id));
        await JobsTestExtensions.EventuallyAsync(
            async () => await fixture.JobAsync(deferred) is { State: JobStates.Available } j && j.RunAt > fixture.Clock.GetUtcNow(), "the third job deferred");
        var job = await fixture.JobAsync(deferred);
        job.Attempt.ShouldBe(0, "a deferral uses no attempt");
        var now = fixture.Clock.GetUtcNow();
        job.RunAt.ShouldBeGreaterThan(now);
        job.RunAt.ShouldBeLessThanOrEqualTo(now.AddMinutes(1));
        (job.RunAt.Second, job.RunAt.Millisecond).ShouldBe((0, 0), "the budget resets at the minute");

        fixture.Clock.Advance(job.RunAt - now + TimeSpan.FromMilliseconds(10));
        await fixture.WaitForStateAsync(deferred, JobStates.Completed);
    }

    [SkippableFact]
    public async Task A_daily_budget_resets_at_midnight_in_its_time_zone()
    {
        fixture.SkipIfUnavailable();
        var budgets = fixture.Services.GetRequiredService<JobBudgets>();
        var key = Guid.NewGuid().ToString("N");
        (await budgets.TryTakeAsync("youtube", key, 9_950)).Granted.ShouldBeTrue();
        var last = await budgets.TryTakeAsync("youtube", key, 50);
        last.Granted.ShouldBeTrue();
        last.Remaining.ShouldBe(0);
        var refused = await budgets.TryTakeAsync("youtube", key, 50);
        refused.Granted.ShouldBeFalse();

        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        var local = TimeZoneInfo.ConvertTime(fixture.Clock.GetUtcNow(), zone);
        var midnight = new DateTimeOffset(local.Date.AddDays(1), zone.GetUtcOffset(local.Date.AddDays(1)));
        refused.ResetsAt.ShouldBe(midnight);

        fixture.Clock.Advance(midnight - fixture.Clock.GetUtcNow() + TimeSpan.FromSeconds(1));
        var renewed = await budgets.TryTakeAsync("youtube", key, 50);
        renewed.Granted.ShouldBeTrue();
        renewed.Remaining.ShouldBe(9_950);
        (renewed.ResetsAt - midnight).TotalHours.ShouldBeInRange(23, 25);
    }

    [SkippableFact]
    public async Task Two_nodes_enqueue_each_cron_occurrence_exactly_once()
    {
        fixture.SkipIfUnavailable();
        var settings = JobsFixture.JobSettings();
        settings["Mercato:Database:ConnectionString"] = fixture.ConnectionString;
        settings["Mercato:Database:DataDir"] = fixture.DataDir;
        settings["Mercato:Jobs:RunWorkers"] = "false";
        using var second = JobsHost.Build(settings, Microsoft.Extensions.Logging.LogLevel.Warning, services =>
        {
            services.AddSingleton<TimeProvider>(fixture.Clock);
            TestJobs.Add(services);
        });
        var schedulers = new[] { fixture.Services.GetRequiredService<JobScheduler>(), second.Services.GetRequiredService<JobScheduler>() };
        await schedulers[1].SyncAsync();

        var start = fixture.Clock.GetUtcNow();
        for (var minute = 0; minute < 6; minute++)
        {
            fixture.Clock.Advance(TimeSpan.FromMinutes(1));
            // Both nodes race for the same occurrence (and the server's own scheduler loop runs meanwhile too).
            await Task.WhenAll(schedulers.SelectMany(s => new[] { Task.Run(() => s.RunDueAsync()), Task.Run(() => s.RunDueAsync()) }));
        }

        await using var connection = await fixture.Database().OpenAsync();
        var keys = (await connection.QueryAsync<string>("SELECT unique_key FROM jobs WHERE unique_key LIKE 'cron:every-minute:%'")).ToList();
        keys.Count.ShouldBe(keys.Distinct().Count(), "no occurrence enqueued twice");
        var since = JobScheduler.OccurrenceKey("every-minute", start);
        keys.Count(k => string.CompareOrdinal(k, since) > 0).ShouldBeGreaterThanOrEqualTo(6);
    }

    [SkippableFact]
    public async Task After_downtime_a_schedule_catches_up_with_one_job_for_the_latest_missed_occurrence()
    {
        fixture.SkipIfUnavailable();
        var scheduler = fixture.Services.GetRequiredService<JobScheduler>();
        var database = fixture.Database();
        await scheduler.RunDueAsync();
        var now = fixture.Clock.GetUtcNow();
        var longAgo = now.AddHours(-5);
        await using (var connection = await database.OpenAsync())
        {
            await using var transaction = await Database.BeginWriteAsync(connection);
            await connection.ExecuteAsync("UPDATE job_schedules SET next_at = @longAgo WHERE name = 'every-minute'", new { longAgo = database.Param(longAgo) }, transaction);
            await connection.ExecuteAsync("DELETE FROM jobs WHERE unique_key LIKE 'cron:every-minute:%'", transaction: transaction);
            await transaction.CommitAsync();
        }

        await scheduler.RunDueAsync();
        await using var check = await database.OpenAsync();
        var keys = (await check.QueryAsync<string>("SELECT unique_key FROM jobs WHERE unique_key LIKE 'cron:every-minute:%'")).ToList();
        keys.Count.ShouldBe(1, "300 missed occurrences make one catch-up job");
        var nextAt = JobTime.Convert((await check.ExecuteScalarAsync<object>("SELECT next_at FROM job_schedules WHERE name = 'every-minute'"))!);
        nextAt.ShouldBeGreaterThan(now);
        nextAt.ShouldBeLessThanOrEqualTo(now.AddMinutes(1));
    }

    private async Task<DateTimeOffset> AttemptFinishedAsync(long id, int attempt)
    {
        await using var connection = await fixture.Database().OpenAsync();
        return JobTime.Convert((await connection.ExecuteScalarAsync<object>(
            "SELECT finished_at FROM job_attempts WHERE job_id = @id AND attempt = @attempt", new { id, attempt }))!);
    }
}

public sealed class JobsSqliteTests(SqliteJobsFixture fixture) : JobsTests(fixture), IClassFixture<SqliteJobsFixture>;

public sealed class JobsPostgresTests(PostgresJobsFixture fixture) : JobsTests(fixture), IClassFixture<PostgresJobsFixture>;

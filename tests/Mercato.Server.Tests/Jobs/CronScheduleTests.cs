using System.Globalization;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Tests.Jobs;

public sealed class CronScheduleTests
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    private static DateTimeOffset? Next(string cron, DateTimeOffset after, TimeZoneInfo zone) => CronSchedule.Next(CronSchedule.Parse(cron), after, zone);

    [Theory]
    [InlineData("*/15 * * * *", "2026-03-02T10:07:00Z", "2026-03-02T10:15:00Z")]
    [InlineData("0 9-17/4 * * MON-FRI", "2026-03-06T17:00:00Z", "2026-03-09T09:00:00Z")]
    [InlineData("30 2 1,15 * *", "2026-03-01T02:30:00Z", "2026-03-15T02:30:00Z")]
    [InlineData("0 0 * JAN,jul *", "2026-03-01T00:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("0 0 * * 7", "2026-03-02T00:00:00Z", "2026-03-08T00:00:00Z")]
    [InlineData("@hourly", "2026-03-02T10:59:59Z", "2026-03-02T11:00:00Z")]
    [InlineData("0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("  0   9 * * *  ", "2026-03-02T10:00:00Z", "2026-03-03T09:00:00Z")]
    [InlineData("*/20 * * * * *", "2026-03-02T10:00:05Z", "2026-03-02T10:00:20Z")]
    public void Finds_the_next_occurrence_in_utc(string cron, string after, string expected) =>
        Next(cron, DateTimeOffset.Parse(after, CultureInfo.InvariantCulture), TimeZoneInfo.Utc)
            .ShouldBe(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture));

    [Fact]
    public void Follows_the_wall_clock_of_its_time_zone_across_daylight_saving_changes()
    {
        Next("0 9 * * *", Utc(2026, 3, 7, 18, 0), LosAngeles).ShouldBe(Utc(2026, 3, 8, 16, 0), "09:00 PDT");
        Next("0 9 * * *", Utc(2026, 3, 6, 18, 0), LosAngeles).ShouldBe(Utc(2026, 3, 7, 17, 0), "09:00 PST");

        // 02:30 does not exist on 8 March 2026 in Los Angeles: it fires when the clock jumps to 03:00.
        Next("30 2 * * *", Utc(2026, 3, 8, 9, 0), LosAngeles).ShouldBe(Utc(2026, 3, 8, 10, 0));

        // 01:30 happens twice on 1 November 2026: it fires once, the first time (PDT).
        var first = Next("30 1 * * *", Utc(2026, 11, 1, 7, 0), LosAngeles);
        first.ShouldBe(Utc(2026, 11, 1, 8, 30));
        Next("30 1 * * *", first!.Value, LosAngeles).ShouldBe(Utc(2026, 11, 2, 9, 30));

        // An interval keeps its rhythm through the repeated hour: 01:00 and 01:30 PDT, then 01:00 and 01:30 PST.
        var halfHours = new List<DateTimeOffset>();
        var at = Utc(2026, 11, 1, 7, 45);
        for (var i = 0; i < 4; i++)
        {
            at = Next("*/30 1 * * *", at, LosAngeles)!.Value;
            halfHours.Add(at);
        }

        halfHours.ShouldBe([Utc(2026, 11, 1, 8, 0), Utc(2026, 11, 1, 8, 30), Utc(2026, 11, 1, 9, 0), Utc(2026, 11, 1, 9, 30)]);
    }

    [Theory]
    [InlineData("* * * *", "4 field(s)")]
    [InlineData("* * * * * * *", "7 field(s)")]
    [InlineData("60 * * * *", "Minutes")]
    [InlineData("* * * FOO *", "Month")]
    [InlineData("*/0 * * * *", "Minutes")]
    [InlineData("@fortnightly", "fortnightly")]
    public void Refuses_bad_expressions_with_the_reason(string cron, string reason) =>
        Should.Throw<FormatException>(() => CronSchedule.Parse(cron)).Message.ShouldContain(reason, Case.Insensitive);

    [Fact]
    public void Options_validation_reports_bad_schedules_budgets_and_queues_at_start()
    {
        var kinds = new JobKindRegistry([]);
        var options = new JobsOptions
        {
            Schedules = { ["nightly"] = new ScheduleOptions { Cron = "0 25 * * *", TimeZone = "Mars/Olympus", Kind = "nope" } },
            Budgets = { ["youtube"] = new BudgetOptions { Limit = 0 } },
            Queues = { ["bad queue"] = new QueueOptions { Concurrency = -1 } },
        };
        var result = new JobsOptionsValidator(kinds).Validate(null, options);
        result.Failed.ShouldBeTrue();
        var failures = string.Join("\n", result.Failures!);
        failures.ShouldContain("Schedules:nightly:Cron");
        failures.ShouldContain("unknown time zone 'Mars/Olympus'");
        failures.ShouldContain("unknown job kind 'nope'");
        failures.ShouldContain("Budgets:youtube:Limit");
        failures.ShouldContain("Queues:bad queue");
        new JobsOptionsValidator(kinds).Validate(null, new JobsOptions()).ShouldBe(ValidateOptionsResult.Success);
    }
}

/// <summary>The scheduler itself, on a clock the test sets, walks a New York night where the clock changes.</summary>
public abstract class ScheduleDaylightSavingTests(JobsFixture fixture)
{
    [SkippableTheory]
    [InlineData("30 2 * * *", "2026-03-07T12:00:00Z", "2026-03-10T00:00:00Z", new[] { "2026-03-08T07:00Z", "2026-03-09T06:30Z" })]
    [InlineData("30 1 * * *", "2026-10-31T12:00:00Z", "2026-11-03T00:00:00Z", new[] { "2026-11-01T05:30Z", "2026-11-02T06:30Z" })]
    [InlineData("0 */1 * * *", "2026-11-01T03:30:00Z", "2026-11-01T07:30:00Z", new[] { "2026-11-01T04:00Z", "2026-11-01T05:00Z", "2026-11-01T06:00Z", "2026-11-01T07:00Z" })]
    public async Task A_schedule_in_new_york_fires_once_per_wall_clock_occurrence_across_the_change(string cron, string from, string to, string[] expected)
    {
        fixture.SkipIfUnavailable();
        var name = $"dst-{Guid.NewGuid():N}"[..20];
        var clock = new SetClock(DateTimeOffset.Parse(from, CultureInfo.InvariantCulture));
        var settings = JobsFixture.JobSettings();
        settings["Mercato:Database:ConnectionString"] = fixture.ConnectionString;
        settings["Mercato:Database:DataDir"] = fixture.DataDir;
        settings["Mercato:Jobs:RunWorkers"] = "false";
        settings.Remove("Mercato:Jobs:Schedules:every-minute:Cron");
        settings.Remove("Mercato:Jobs:Schedules:every-minute:Kind");
        settings[$"Mercato:Jobs:Schedules:{name}:Cron"] = cron;
        settings[$"Mercato:Jobs:Schedules:{name}:TimeZone"] = "America/New_York";
        settings[$"Mercato:Jobs:Schedules:{name}:Kind"] = NoopJob.Kind;
        using var node = JobsHost.Build(settings, Microsoft.Extensions.Logging.LogLevel.Warning, services => services.AddSingleton<TimeProvider>(clock));
        var scheduler = node.Services.GetRequiredService<JobScheduler>();
        await scheduler.SyncAsync();

        var end = DateTimeOffset.Parse(to, CultureInfo.InvariantCulture);
        while (clock.Now < end)
        {
            clock.Now += TimeSpan.FromMinutes(10);
            await scheduler.RunDueAsync();
        }

        await using var connection = await fixture.Services.GetRequiredService<Database>().OpenAsync();
        var keys = (await connection.QueryAsync<string>("SELECT unique_key FROM jobs WHERE unique_key LIKE @prefix ORDER BY id", new { prefix = $"cron:{name}:%" })).ToList();
        keys.ShouldBe(expected.Select(e => $"cron:{name}:{e}").ToList());
    }

    private sealed class SetClock(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

public sealed class SqliteScheduleDaylightSavingTests(SqliteJobsFixture fixture) : ScheduleDaylightSavingTests(fixture), IClassFixture<SqliteJobsFixture>;

public sealed class PostgresScheduleDaylightSavingTests(PostgresJobsFixture fixture) : ScheduleDaylightSavingTests(fixture), IClassFixture<PostgresJobsFixture>;

using Mercato.Server.Jobs;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Tests.Jobs;

public sealed class CronExpressionTests
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("*/15 * * * *", "2026-03-02T10:07:00Z", "2026-03-02T10:15:00Z")]
    [InlineData("0 9-17/4 * * MON-FRI", "2026-03-06T17:00:00Z", "2026-03-09T09:00:00Z")]
    [InlineData("30 2 1,15 * *", "2026-03-01T02:30:00Z", "2026-03-15T02:30:00Z")]
    [InlineData("0 0 * JAN,jul *", "2026-03-01T00:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("0 12 13 * 5", "2026-03-01T00:00:00Z", "2026-03-06T12:00:00Z")]
    [InlineData("0 0 * * 7", "2026-03-02T00:00:00Z", "2026-03-08T00:00:00Z")]
    [InlineData("@hourly", "2026-03-02T10:59:59Z", "2026-03-02T11:00:00Z")]
    [InlineData("0 0 29 2 *", "2026-03-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    public void Finds_the_next_occurrence_in_utc(string cron, string after, string expected) =>
        CronExpression.Parse(cron).GetNextOccurrence(DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture), TimeZoneInfo.Utc)
            .ShouldBe(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void Follows_the_wall_clock_of_its_time_zone_across_daylight_saving_changes()
    {
        var daily = CronExpression.Parse("0 9 * * *");
        daily.GetNextOccurrence(Utc(2026, 3, 7, 18, 0), LosAngeles).ShouldBe(Utc(2026, 3, 8, 16, 0), "09:00 PDT");
        daily.GetNextOccurrence(Utc(2026, 3, 6, 18, 0), LosAngeles).ShouldBe(Utc(2026, 3, 7, 17, 0), "09:00 PST");

        // 02:30 does not exist on 8 March 2026 in Los Angeles: it fires when the clock jumps to 03:00.
        CronExpression.Parse("30 2 * * *").GetNextOccurrence(Utc(2026, 3, 8, 9, 0), LosAngeles).ShouldBe(Utc(2026, 3, 8, 10, 0));

        // 01:30 happens twice on 1 November 2026: it fires once, the first time (PDT).
        var repeated = CronExpression.Parse("30 1 * * *");
        var first = repeated.GetNextOccurrence(Utc(2026, 11, 1, 7, 0), LosAngeles);
        first.ShouldBe(Utc(2026, 11, 1, 8, 30));
        repeated.GetNextOccurrence(first!.Value, LosAngeles).ShouldBe(Utc(2026, 11, 2, 9, 30));
    }

    [Theory]
    [InlineData("* * * *", "4 field(s)")]
    [InlineData("60 * * * *", "out of range 0-59")]
    [InlineData("* * * FOO *", "'FOO' is not a number")]
    [InlineData("5-1 * * * *", "runs backwards")]
    [InlineData("*/0 * * * *", "step")]
    [InlineData("1,,2 * * * *", "empty list item")]
    [InlineData("@fortnightly", "unknown cron macro")]
    public void Refuses_bad_expressions_with_the_reason(string cron, string reason) =>
        Should.Throw<FormatException>(() => CronExpression.Parse(cron)).Message.ShouldContain(reason);

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

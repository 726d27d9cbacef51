using Dapper;
using Mercato.Server.Infrastructure;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Jobs;

/// <summary>The answer to a budget request: granted or not, what is left, and when the period resets.</summary>
internal readonly record struct BudgetDecision(bool Granted, long Remaining, DateTimeOffset ResetsAt);

/// <summary>
/// Quota budgets and rate limits kept in the database, so every node draws from the same pot: a configured budget
/// (e.g. 10,000 units per day from midnight America/Los_Angeles, or 60 per minute) is counted per key in fixed
/// periods. One upsert takes the units only if they fit, so concurrent takers never overdraw.
/// </summary>
internal sealed class JobBudgets(Database database, IOptions<JobsOptions> options, TimeProvider time)
{
    public async Task<BudgetDecision> TryTakeAsync(string budget, string key, int units, CancellationToken cancellationToken = default)
    {
        if (!options.Value.Budgets.TryGetValue(budget, out var policy))
        {
            throw new JobRequestException("budget", $"budget '{budget}' is not configured under Mercato:Jobs:Budgets");
        }

        if (units < 1 || units > policy.Limit)
        {
            throw new JobRequestException("units", $"budget units must be from 1 to the budget's limit {policy.Limit}, not {units}");
        }

        var now = time.GetUtcNow();
        var windowEnd = PeriodEnd(policy, now);
        var rowKey = $"{budget}:{key}";
        await using var connection = await database.OpenAsync(cancellationToken);
        var taken = await connection.QuerySingleOrDefaultAsync<long?>(
            """
            INSERT INTO job_budgets (key, window_end, used) VALUES (@rowKey, @windowEnd, @units)
            ON CONFLICT (key) DO UPDATE SET
                used = CASE WHEN job_budgets.window_end <= @now THEN @units ELSE job_budgets.used + @units END,
                window_end = CASE WHEN job_budgets.window_end <= @now THEN @windowEnd ELSE job_budgets.window_end END
            WHERE (CASE WHEN job_budgets.window_end <= @now THEN 0 ELSE job_budgets.used END) + @units <= @limit
            RETURNING used
            """,
            new { rowKey, windowEnd = database.Param(windowEnd), units, now = database.Param(now), limit = policy.Limit });
        if (taken is { } used)
        {
            return new BudgetDecision(true, policy.Limit - used, windowEnd);
        }

        var row = await connection.QuerySingleOrDefaultAsync<(object End, long Used)>(
            "SELECT window_end, used FROM job_budgets WHERE key = @rowKey", new { rowKey });
        var resetsAt = row.End is null ? windowEnd : JobTime.Convert(row.End);
        return new BudgetDecision(false, Math.Max(0, policy.Limit - row.Used), resetsAt);
    }

    /// <summary>The end of the period containing <paramref name="now"/>, on the wall clock of the budget's time zone.</summary>
    public static DateTimeOffset PeriodEnd(BudgetOptions policy, DateTimeOffset now)
    {
        JobsOptionsValidator.TryFindZone(policy.TimeZone, out var zone);
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var start = policy.Period switch
        {
            BudgetPeriod.Minute => new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, 0, DateTimeKind.Unspecified),
            BudgetPeriod.Hour => new DateTime(local.Year, local.Month, local.Day, local.Hour, 0, 0, DateTimeKind.Unspecified),
            _ => local.Date,
        };
        var end = policy.Period switch
        {
            BudgetPeriod.Minute => start.AddMinutes(1),
            BudgetPeriod.Hour => start.AddHours(1),
            _ => start.AddDays(1),
        };
        while (zone.IsInvalidTime(end))
        {
            end = end.AddMinutes(1); // midnight skipped by a DST change: the period ends when the clock resumes
        }

        var offset = zone.IsAmbiguousTime(end) ? zone.GetAmbiguousTimeOffsets(end).Max() : zone.GetUtcOffset(end);
        var result = new DateTimeOffset(end, offset).ToUniversalTime();
        return result > now ? result : now.AddMinutes(1);
    }
}

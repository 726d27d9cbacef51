using Microsoft.Extensions.Options;

namespace Mercato.Server.Jobs;

/// <summary>Settings of the job system (<c>Mercato:Jobs</c>), validated at start.</summary>
internal sealed class JobsOptions
{
    public const string Section = "Mercato:Jobs";
    public const string DefaultQueue = "default";

    /// <summary>Whether this node runs workers, the scheduler and maintenance. Enqueueing works either way.</summary>
    public bool RunWorkers { get; set; } = true;

    /// <summary>Queues this node works, with their limits. <c>default</c> is always there.</summary>
    public Dictionary<string, QueueOptions> Queues { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often idle workers look for due jobs when no notification arrives (also the precision of run-at).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Jobs of a node that stopped heart-beating are retried within this window.</summary>
    public TimeSpan RescueAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>On shutdown, running jobs get this long to finish; then they are cancelled and put back in their queue.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromMinutes(15);

    public int DefaultMaxAttempts { get; set; } = 20;

    /// <summary>Retry n waits BackoffBase × 2^(n-1), at most BackoffMax, plus up to BackoffJitter of that at random.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromHours(6);

    public double BackoffJitter { get; set; } = 0.2;

    /// <summary>Most jobs one claim query takes.</summary>
    public int ClaimBatch { get; set; } = 200;

    public TimeSpan CompletedRetention { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long discarded and cancelled jobs stay for inspection.</summary>
    public TimeSpan FailedRetention { get; set; } = TimeSpan.FromDays(14);

    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromMinutes(5);

    public Dictionary<string, ScheduleOptions> Schedules { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, BudgetOptions> Budgets { get; set; } = new(StringComparer.Ordinal);

    public QueueOptions Queue(string name) =>
        Queues.TryGetValue(name, out var queue) ? queue : name == DefaultQueue ? QueueOptions.Default : throw new KeyNotFoundException(name);

    public IEnumerable<string> QueueNames => Queues.Keys.Append(DefaultQueue).Distinct(StringComparer.Ordinal);

    public bool HasQueue(string name) => name == DefaultQueue || Queues.ContainsKey(name);
}

internal sealed class QueueOptions
{
    public static QueueOptions Default { get; } = new();

    /// <summary>Jobs of this queue running at once on one node.</summary>
    public int Concurrency { get; set; } = 10;

    /// <summary>Jobs of this queue running at once across all nodes; null for no limit beyond the per-node one.</summary>
    public int? GlobalLimit { get; set; }
}

internal sealed class ScheduleOptions
{
    public string Cron { get; set; } = "";

    /// <summary>IANA or Windows time zone id; UTC when empty.</summary>
    public string TimeZone { get; set; } = "UTC";

    public string Kind { get; set; } = "";

    public string Payload { get; set; } = "{}";

    public string? Queue { get; set; }

    public int Priority { get; set; }

    /// <summary>After downtime, enqueue the latest missed occurrence once (true) or skip missed occurrences (false).</summary>
    public bool CatchUp { get; set; } = true;
}

internal enum BudgetPeriod
{
    Minute,
    Hour,
    Day,
}

internal sealed class BudgetOptions
{
    /// <summary>Units granted per period and key.</summary>
    public long Limit { get; set; }

    public BudgetPeriod Period { get; set; } = BudgetPeriod.Day;

    /// <summary>Where periods start (midnight for days); UTC when empty.</summary>
    public string TimeZone { get; set; } = "UTC";
}

internal sealed class JobsOptionsValidator(JobKindRegistry kinds) : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var errors = new List<string>();
        void Check(bool ok, string error)
        {
            if (!ok)
            {
                errors.Add(error);
            }
        }

        Check(options.PollInterval > TimeSpan.Zero, "Mercato:Jobs:PollInterval must be positive");
        Check(options.RescueAfter >= TimeSpan.FromSeconds(1), "Mercato:Jobs:RescueAfter must be at least 1 second");
        Check(options.ShutdownTimeout >= TimeSpan.Zero, "Mercato:Jobs:ShutdownTimeout must not be negative");
        Check(options.DefaultTimeout > TimeSpan.Zero, "Mercato:Jobs:DefaultTimeout must be positive");
        Check(options.DefaultMaxAttempts >= 1, "Mercato:Jobs:DefaultMaxAttempts must be at least 1");
        Check(options.BackoffBase > TimeSpan.Zero && options.BackoffMax >= options.BackoffBase, "Mercato:Jobs:BackoffBase must be positive and at most BackoffMax");
        Check(options.BackoffJitter is >= 0 and <= 1, "Mercato:Jobs:BackoffJitter must be from 0 to 1");
        Check(options.ClaimBatch is >= 1 and <= 10_000, "Mercato:Jobs:ClaimBatch must be from 1 to 10000");
        Check(options.CompletedRetention > TimeSpan.Zero && options.FailedRetention > TimeSpan.Zero, "Mercato:Jobs retention periods must be positive");
        Check(options.PruneInterval > TimeSpan.Zero, "Mercato:Jobs:PruneInterval must be positive");
        foreach (var (queue, settings) in options.Queues)
        {
            Check(JobRequest.IsValidName(queue), $"Mercato:Jobs:Queues:{queue}: a queue name is 1-64 letters, digits, '.', '-' or '_'");
            Check(settings.Concurrency is >= 0 and <= 10_000, $"Mercato:Jobs:Queues:{queue}:Concurrency must be from 0 to 10000");
            Check(settings.GlobalLimit is null or >= 1, $"Mercato:Jobs:Queues:{queue}:GlobalLimit must be at least 1");
        }

        foreach (var (schedule, settings) in options.Schedules)
        {
            var prefix = $"Mercato:Jobs:Schedules:{schedule}";
            Check(JobRequest.IsValidName(schedule), $"{prefix}: a schedule name is 1-64 letters, digits, '.', '-' or '_'");
            Check(CronSchedule.TryParse(settings.Cron, out _, out var cronError), $"{prefix}:Cron: {cronError}");
            Check(TryFindZone(settings.TimeZone, out _), $"{prefix}:TimeZone: unknown time zone '{settings.TimeZone}'");
            Check(kinds.Validate(settings.Kind, settings.Payload) is null, $"{prefix}: {kinds.Validate(settings.Kind, settings.Payload)}");
            Check(settings.Queue is null || options.HasQueue(settings.Queue), $"{prefix}:Queue '{settings.Queue}' is not configured");
        }

        foreach (var (budget, settings) in options.Budgets)
        {
            Check(JobRequest.IsValidName(budget), $"Mercato:Jobs:Budgets:{budget}: a budget name is 1-64 letters, digits, '.', '-' or '_'");
            Check(settings.Limit >= 1, $"Mercato:Jobs:Budgets:{budget}:Limit must be at least 1");
            Check(TryFindZone(settings.TimeZone, out _), $"Mercato:Jobs:Budgets:{budget}:TimeZone: unknown time zone '{settings.TimeZone}'");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static bool TryFindZone(string? id, out TimeZoneInfo zone)
    {
        if (string.IsNullOrWhiteSpace(id) || id == "UTC")
        {
            zone = TimeZoneInfo.Utc;
            return true;
        }

        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone!);
    }
}

namespace Mercato.Server.Jobs;

/// <summary>
/// A job to enqueue: its registered <see cref="Kind"/> and JSON payload, plus optional scheduling. Unset values come
/// from the kind's registration, then from <see cref="JobsOptions"/>.
/// </summary>
internal sealed record JobRequest(string Kind, string PayloadJson)
{
    /// <summary>Queue to run in; defaults to the kind's queue.</summary>
    public string? Queue { get; init; }

    /// <summary>Higher runs first within a queue, from -100 to 100.</summary>
    public int Priority { get; init; }

    /// <summary>Earliest start; null for now.</summary>
    public DateTimeOffset? RunAt { get; init; }

    /// <summary>Start no earlier than this from now; may not be combined with <see cref="RunAt"/>.</summary>
    public TimeSpan? Delay { get; init; }

    /// <summary>
    /// Dedupe key: while a job with the same key is queued or running — or was created within <see cref="UniqueWindow"/>
    /// — no second one is enqueued and the existing job's id is returned.
    /// </summary>
    public string? UniqueKey { get; init; }

    public TimeSpan? UniqueWindow { get; init; }

    public int? MaxAttempts { get; init; }

    public TimeSpan? Timeout { get; init; }

    /// <summary>The marketplace the job works for; null for system work.</summary>
    public long? TenantId { get; init; }

    /// <summary>Budget units each attempt needs before it runs; without budget the job waits until the budget resets.</summary>
    public JobBudget? Budget { get; init; }

    public const int MinPriority = -100;
    public const int MaxPriority = 100;

    public static bool IsValidName(string? name) =>
        name is { Length: > 0 and <= 64 } && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}

/// <summary>Units of the budget <see cref="Name"/> (a configured <see cref="BudgetOptions"/>) kept per <see cref="Key"/>, e.g. ("youtube", "project-7", 50).</summary>
internal sealed record JobBudget(string Name, string Key, int Units);

/// <summary>The enqueued job's id, or the id of the job that made this one a duplicate.</summary>
internal readonly record struct EnqueueResult(long Id, bool Duplicate);

/// <summary>A request the job system refuses: unknown kind, bad payload, bad option. The message says which and why.</summary>
internal sealed class JobRequestException(string field, string message) : ArgumentException(message)
{
    /// <summary>The request field at fault, in camelCase, e.g. <c>payload</c> or <c>delay</c>.</summary>
    public string Field { get; } = field;
}

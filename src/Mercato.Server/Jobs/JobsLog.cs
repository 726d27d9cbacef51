namespace Mercato.Server.Jobs;

internal static partial class JobsLog
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Job worker {Node} started on queues {Queues}")]
    public static partial void WorkerStarted(ILogger logger, string node, string queues);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Job worker {Node} stopped")]
    public static partial void WorkerStopped(ILogger logger, string node);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Could not claim jobs of queue {Queue}; retrying after the poll interval")]
    public static partial void ClaimFailed(ILogger logger, string queue, Exception exception);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Job database work failed: {What}")]
    public static partial void DatabaseFailed(ILogger logger, string what, Exception exception);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Rescued {Count} job(s) of dead nodes or past their timeout: {Ids}")]
    public static partial void Rescued(ILogger logger, int count, string ids);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Shutdown deadline {Deadline} passed with {Count} job(s) running; cancelling and releasing them")]
    public static partial void ShutdownDeadline(ILogger logger, int count, TimeSpan deadline);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Information, Message = "Job {Id} deferred until {Until}: budget {Budget} is used up")]
    public static partial void DeferredForBudget(ILogger logger, long id, string budget, DateTimeOffset until);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "Job {Id} ({Kind}) attempt {Attempt} failed; retrying at {RetryAt}: {Error}")]
    public static partial void Retrying(ILogger logger, long id, string kind, int attempt, DateTimeOffset retryAt, string error);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Error, Message = "Job {Id} ({Kind}) discarded after attempt {Attempt}: {Error}")]
    public static partial void Discarded(ILogger logger, long id, string kind, int attempt, string error);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information, Message = "Listening for job notifications")]
    public static partial void Listening(ILogger logger);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Job notification listener failed; reconnecting (workers poll meanwhile)")]
    public static partial void ListenerFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Schedule {Schedule} enqueued job {Id} for {Occurrence}")]
    public static partial void ScheduleEnqueued(ILogger logger, string schedule, long id, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "Schedule {Schedule} missed {Count} occurrence(s) up to {Latest} while no node ran it; caught up: {CaughtUp}")]
    public static partial void ScheduleMissed(ILogger logger, string schedule, int count, DateTimeOffset latest, bool caughtUp);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Information, Message = "Pruned {Count} finished job(s)")]
    public static partial void Pruned(ILogger logger, long count);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "Job scheduler step failed: {What}")]
    public static partial void SchedulerFailed(ILogger logger, string what, Exception exception);
}

namespace Mercato.Server.Feeds;

internal static partial class FeedsLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information,
        Message = "Import {ImportId} in {Tenant} finished {Status}: {Read} rows read, {Created} created, {Updated} updated, {Unchanged} unchanged, {Removed} removed, {Rejected} rejected")]
    public static partial void Finished(ILogger logger, long importId, string tenant, string status, long read, long created, long updated, long unchanged, long removed, long rejected);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Import {ImportId} in {Tenant} failed: {Reason}")]
    public static partial void Rejected(ILogger logger, long importId, string tenant, string reason);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Error, Message = "Import {ImportId} in {Tenant} stopped by an error")]
    public static partial void Failed(ILogger logger, Exception exception, long importId, string tenant);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Resuming import {ImportId} in {Tenant} after line {Line}")]
    public static partial void Resuming(ILogger logger, long importId, string tenant, long line);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Import {ImportId} in {Tenant} was interrupted and cannot be resumed: {Reason}")]
    public static partial void Abandoned(ILogger logger, long importId, string tenant, string reason);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Fetching the file of import {ImportId} failed")]
    public static partial void FetchFailed(ILogger logger, Exception exception, long importId);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Import {ImportId}: its table of seen listings is left for the next import to drop: {Reason}")]
    public static partial void CleanupDeferred(ILogger logger, long importId, string reason);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Import {ImportId} of tenant {TenantId} was interrupted after line {Line}; it will resume")]
    public static partial void Interrupted(ILogger logger, long importId, long tenantId, long line);

    [LoggerMessage(EventId = 5008, Level = LogLevel.Error, Message = "Looking for interrupted imports failed")]
    public static partial void RecoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5009, Level = LogLevel.Error, Message = "Import {ImportId} of tenant {TenantId} lost its process {Times} times; it is failed, not resumed again")]
    public static partial void GaveUp(ILogger logger, long importId, long tenantId, int times);
}

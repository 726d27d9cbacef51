namespace Mercato.Server.Infrastructure;

internal static partial class InfrastructureLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Applied {Count} migration(s); schema at version {Version} on {Database}")]
    public static partial void Migrated(ILogger logger, int count, int version, string database);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "{Method} {Path}: the SQLite database stayed locked past the busy timeout; answered 503")]
    public static partial void DatabaseBusy(ILogger logger, string method, string path);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Information, Message = "{Line}")]
    public static partial void Progress(ILogger logger, string line);
}

namespace Mercato.Server.Infrastructure;

internal static partial class InfrastructureLog
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Applied {Count} migration(s); schema at version {Version} on {Database}")]
    public static partial void Migrated(ILogger logger, int count, int version, string database);
}

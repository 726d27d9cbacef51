namespace Mercato.Server.Search;

internal static partial class SearchLog
{
    [LoggerMessage(EventId = 3000, Level = LogLevel.Information, Message = "Search indexes built: {Documents} listings in {Tenants} tenant(s) in {Seconds:F1} s")]
    public static partial void Built(ILogger logger, int documents, int tenants, double seconds);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Following the change log failed; retrying")]
    public static partial void FollowFailed(ILogger logger, Exception exception);
}

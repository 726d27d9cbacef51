namespace Mercato.Server.Accounts;

internal static partial class AccountsLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "The platform admin API token is in {File}")]
    public static partial void AdminTokenFile(ILogger logger, string file);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "No admin token configured (Mercato:Accounts:AdminToken): platform admin API calls are refused")]
    public static partial void NoAdminToken(ILogger logger);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "E-mail to {Recipient}: {Subject}\n{Body}")]
    public static partial void Email(ILogger logger, string recipient, string subject, string body);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Sign-in refused for {Email}: {Reason}")]
    public static partial void SignInRefused(ILogger logger, string email, string reason);
}

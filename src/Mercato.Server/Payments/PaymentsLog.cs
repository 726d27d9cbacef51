namespace Mercato.Server.Payments;

internal static partial class PaymentsLog
{
    [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "Ledger journal {Journal} posted for tenant {TenantId}: {Count} entries in {Currency}")]
    public static partial void Posted(ILogger logger, string journal, long tenantId, int count, string currency);
}

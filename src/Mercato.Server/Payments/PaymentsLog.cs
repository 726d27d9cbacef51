namespace Mercato.Server.Payments;

internal static partial class PaymentsLog
{
    [LoggerMessage(EventId = 9100, Level = LogLevel.Information, Message = "Ledger journal {Journal} posted for tenant {TenantId}: {Count} entries in {Currency}")]
    public static partial void Posted(ILogger logger, string journal, long tenantId, int count, string currency);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Stripe payment of purchase {PurchaseId} of tenant {TenantId} started ({Mode}, funds to {Destination})")]
    public static partial void StripeStarted(ILogger logger, long purchaseId, long tenantId, string mode, string destination);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Stripe refused to {Action} for {Id} of tenant {TenantId}: {Reason}")]
    public static partial void StripeFailed(ILogger logger, string action, long id, long tenantId, string reason);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Warning, Message = "Stripe webhook for tenant {TenantId} refused: {Reason}")]
    public static partial void WebhookRefused(ILogger logger, long tenantId, string reason);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Information, Message = "Stripe event {EventId} ({Type}) of tenant {TenantId} received")]
    public static partial void WebhookReceived(ILogger logger, string eventId, string type, long tenantId);

    [LoggerMessage(EventId = 9105, Level = LogLevel.Information, Message = "Payout of order {OrderId} to seller {SellerId} of tenant {TenantId}: {Amount} {Currency} ({Reference})")]
    public static partial void PaidOut(ILogger logger, long orderId, long sellerId, long tenantId, long amount, string currency, string reference);

    [LoggerMessage(EventId = 9106, Level = LogLevel.Information, Message = "Payout of order {OrderId} of tenant {TenantId} waits: {Reason}")]
    public static partial void PayoutWaits(ILogger logger, long orderId, long tenantId, string reason);

    [LoggerMessage(EventId = 9107, Level = LogLevel.Information, Message = "Connect account {AccountId} of seller {SellerId} of tenant {TenantId}: charges {Charges}, payouts {Payouts}")]
    public static partial void AccountUpdated(ILogger logger, string accountId, long sellerId, long tenantId, bool charges, bool payouts);
}

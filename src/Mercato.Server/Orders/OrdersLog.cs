namespace Mercato.Server.Orders;

internal static partial class OrdersLog
{
    [LoggerMessage(EventId = 9000, Level = LogLevel.Information, Message = "Checkout {PurchaseId} of tenant {TenantId}: {Orders} orders, {Total} {Currency}")]
    public static partial void CheckedOut(ILogger logger, long purchaseId, long tenantId, int orders, long total, string currency);

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Order {OrderId} of tenant {TenantId}: {Transition} {From} -> {To} by {Actor}")]
    public static partial void Transitioned(ILogger logger, long orderId, long tenantId, string transition, string from, string to, Actor actor);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Timer {Transition} of order {OrderId} skipped: the order is {State} now")]
    public static partial void TimerSkipped(ILogger logger, long orderId, string transition, string state);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "Guest cart {GuestCartId} merged into the cart of user {UserId}")]
    public static partial void CartMerged(ILogger logger, long guestCartId, long userId);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Warning, Message = "Payment of purchase {PurchaseId} of tenant {TenantId} not started: {Reason}")]
    public static partial void PaymentNotStarted(ILogger logger, long purchaseId, long tenantId, string reason);

    [LoggerMessage(EventId = 9005, Level = LogLevel.Information, Message = "Stripe event {EventId} ({Type}) of tenant {TenantId} processed: {Outcome}")]
    public static partial void StripeEventProcessed(ILogger logger, string eventId, string type, long tenantId, string outcome);

    [LoggerMessage(EventId = 9006, Level = LogLevel.Warning, Message = "Order {OrderId} of tenant {TenantId} was {State} when its payment arrived: {Amount} {Currency} returned to the buyer")]
    public static partial void PaymentReturned(ILogger logger, long orderId, long tenantId, string state, long amount, string currency);
}

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
}

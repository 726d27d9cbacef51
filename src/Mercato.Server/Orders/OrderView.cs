using System.Data.Common;

namespace Mercato.Server.Orders;

public sealed record TransitionView(string Transition, string? From, string To, string Actor, string? Detail, DateTimeOffset At);

/// <summary>An order as the API shows it, with its lines, its history and the transitions the caller may fire now.</summary>
public sealed record OrderView(
    long Id, long PurchaseId, long SellerId, string Process, string State, string Provider, string Currency,
    long Subtotal, long Tax, long Shipping, long Total, long PlatformFee, long Paid, long Refunded, string? Tracking, string BuyerEmail,
    DateTimeOffset CreatedAt, IReadOnlyList<OrderLine> Lines, IReadOnlyList<TransitionView> History, IReadOnlyList<string> Allowed)
{
    internal static async Task<OrderView> LoadAsync(DbConnection connection, DbTransaction? transaction, Order order, IReadOnlyCollection<Actor> actors)
    {
        var lines = await OrderStore.LinesAsync(connection, transaction, order.Id);
        var history = (await OrderStore.TransitionsAsync(connection, transaction, order.Id))
            .Select(t => new TransitionView(t.Transition, t.FromState, t.ToState, t.Actor, t.Detail, t.At)).ToList();
        var allowed = OrderProcesses.Get(order.Process).From(order.State).Where(t => t.By.Any(actors.Contains)).Select(t => t.Name).ToList();
        return new OrderView(
            order.Id, order.PurchaseId, order.SellerId, order.Process, order.State, order.Provider, order.Currency, order.Subtotal, order.Tax, order.Shipping,
            order.Total, order.PlatformFee, order.Paid, order.Refunded, order.Tracking, order.BuyerEmail, order.CreatedAt, lines, history, allowed);
    }
}

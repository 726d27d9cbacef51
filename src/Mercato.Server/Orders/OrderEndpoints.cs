using System.Globalization;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Payments;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Orders;

internal sealed record TransitionBody(string? Transition, string? Tracking);

internal sealed record RefundBody(long? Amount);

internal sealed record OrderPage(IReadOnlyList<OrderView> Orders, long? Next);

internal sealed record OrderLedger(long OrderId, IReadOnlyList<LedgerEntry> Entries, long Sum);

/// <summary>Orders: read (buyers their own, sellers theirs, operators all), move through their process, pay by hand, refund.</summary>
internal static class OrderEndpoints
{
    public static async Task<Results<Ok<OrderPage>, ProblemHttpResult>> ListAsync(
        string? view, long? sellerId, long? purchaseId, string? state, long? before, int? limit, HttpContext http, Tenant tenant, Caller caller, Database database, CancellationToken cancellationToken)
    {
        var buyer = Buyer.From(http, caller);
        var size = Math.Clamp(limit ?? 50, 1, 200);
        var asBuyer = view == "buyer" || (view is null && !caller.IsAdmin && caller.Sellers.Count == 0);
        if (view is not (null or "buyer" or "seller"))
        {
            return Problems.Field("view", "must be buyer or seller");
        }

        if (!asBuyer && !caller.IsAdmin)
        {
            if (caller.Sellers.Count == 0)
            {
                return Access.Unauthenticated();
            }

            sellerId ??= caller.Sellers.Count == 1 ? caller.Sellers.First() : null;
            if (sellerId is null || !caller.CanManage(sellerId.Value))
            {
                return Problems.Field("sellerId", "name one of the sellers you work for");
            }
        }

        if (asBuyer && !buyer.IsKnown)
        {
            return TypedResults.Ok(new OrderPage([], null));
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var orders = await OrderStore.ListAsync(
            connection, tenant.Id, sellerId, asBuyer ? buyer.UserId ?? -1 : null, asBuyer ? buyer.TokenHash ?? "-" : null, purchaseId, state, before, size);
        var views = new List<OrderView>(orders.Count);
        foreach (var order in orders)
        {
            views.Add(await OrderView.LoadAsync(connection, null, order, ActorsFor(order, caller, buyer)));
        }

        return TypedResults.Ok(new OrderPage(views, orders.Count == size ? orders[^1].Id : null));
    }

    public static async Task<Results<Ok<OrderView>, ProblemHttpResult>> GetAsync(
        long id, HttpContext http, Tenant tenant, Caller caller, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var order = await OrderStore.FindAsync(connection, null, tenant.Id, id);
        var actors = order is null ? [] : ActorsFor(order, caller, Buyer.From(http, caller));
        return actors.Count == 0 ? NotFound(id) : TypedResults.Ok(await OrderView.LoadAsync(connection, null, order!, actors));
    }

    public static async Task<Results<Ok<OrderLedger>, ProblemHttpResult>> LedgerAsync(
        long id, HttpContext http, Tenant tenant, Caller caller, Database database, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var order = await OrderStore.FindAsync(connection, null, tenant.Id, id);
        if (order is null || !caller.CanManage(order.SellerId))
        {
            return NotFound(id);
        }

        var entries = await Ledger.OrderEntriesAsync(connection, tenant.Id, id);
        return TypedResults.Ok(new OrderLedger(id, entries, entries.Sum(e => e.Amount)));
    }

    public static async Task<Results<Ok<OrderView>, ProblemHttpResult>> TransitionAsync(
        long id, HttpContext http, Tenant tenant, Caller caller, Database database, OrderTransitions transitions, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<TransitionBody>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.Transition is OrderProcess.Pay or OrderProcess.Refund or OrderProcess.PartialRefund)
        {
            return Problems.Field("transition", $"'{body.Transition}' moves money: use POST /api/orders/{id}/payments or /refunds");
        }

        if (string.IsNullOrWhiteSpace(body.Transition))
        {
            return Problems.Field("transition", "is required");
        }

        return await FireAsync(id, body.Transition, body.Tracking, null, http, tenant, caller, database, transitions, cancellationToken);
    }

    public static async Task<Results<Ok<OrderView>, ProblemHttpResult>> PayAsync(
        long id, HttpContext http, Tenant tenant, Caller caller, Database database, OrderTransitions transitions, PaymentProviders providers, CancellationToken cancellationToken)
    {
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            var order = await OrderStore.FindAsync(connection, null, tenant.Id, id);
            if (order is not null && ActorsFor(order, caller, Buyer.From(http, caller)).Count > 0
                && providers.Has(order.Provider) && !providers.Get(order.Provider).ConfirmsByHand)
            {
                return Problems.Conflict("Paid online", $"Order {id} is paid through {order.Provider}; its payment is confirmed by the provider, not by hand.");
            }
        }

        return await FireAsync(id, OrderProcess.Pay, null, null, http, tenant, caller, database, transitions, cancellationToken);
    }

    public static async Task<Results<Ok<OrderView>, ProblemHttpResult>> RefundAsync(
        long id, HttpContext http, Tenant tenant, Caller caller, Database database, OrderTransitions transitions, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBody.ReadAsync<RefundBody>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var order = await OrderStore.FindAsync(connection, null, tenant.Id, id);
        if (order is null)
        {
            return NotFound(id);
        }

        var remaining = order.Paid - order.Refunded;
        var name = body!.Amount is { } amount && amount < remaining && OrderProcesses.Get(order.Process).Find(OrderProcess.PartialRefund) is not null
            ? OrderProcess.PartialRefund
            : OrderProcess.Refund;
        return await FireAsync(id, name, null, body.Amount, http, tenant, caller, database, transitions, cancellationToken);
    }

    private static async Task<Results<Ok<OrderView>, ProblemHttpResult>> FireAsync(
        long id, string transition, string? tracking, long? amount, HttpContext http, Tenant tenant, Caller caller, Database database, OrderTransitions transitions, CancellationToken cancellationToken)
    {
        var buyer = Buyer.From(http, caller);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        await OrderStore.LockAsync(connection, transaction, database.IsPostgres, tenant.Id, id);
        var order = await OrderStore.FindAsync(connection, transaction, tenant.Id, id);
        var actors = order is null ? [] : ActorsFor(order, caller, buyer);
        if (actors.Count == 0)
        {
            return NotFound(id);
        }

        var by = OrderProcesses.Get(order!.Process).Find(transition)?.By ?? [];
        var actor = actors.FirstOrDefault(by.Contains, actors[0]);
        var actorId = actor switch
        {
            Actor.Buyer => buyer.Scope,
            _ => caller.UserId is { } user ? "user:" + user.ToString(CultureInfo.InvariantCulture) : caller.PlatformAdmin ? "platform_admin" : "seller_key",
        };
        var problem = await transitions.FireAsync(connection, transaction, tenant.Id, order, new TransitionRequest(transition, actor, actorId, tracking, amount), cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var view = await OrderView.LoadAsync(connection, transaction, order, actors);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(view);
    }

    /// <summary>What the caller is to this order, strongest first; empty means the order is none of its business (404).</summary>
    private static List<Actor> ActorsFor(Order order, Caller caller, Buyer buyer)
    {
        var actors = new List<Actor>(3);
        if (caller.IsAdmin)
        {
            actors.Add(Actor.Operator);
        }

        if (caller.Sellers.Contains(order.SellerId))
        {
            actors.Add(Actor.Seller);
        }

        if (buyer.Owns(order.BuyerUserId, order.BuyerTokenHash))
        {
            actors.Add(Actor.Buyer);
        }

        return actors;
    }

    private static ProblemHttpResult NotFound(long id) => Problems.NotFound($"Order {id} does not exist.");
}

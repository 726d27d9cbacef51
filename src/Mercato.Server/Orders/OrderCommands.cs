using Mercato.Server.Infrastructure;
using Mercato.Server.Payments;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Orders;

/// <summary>What a page asks of an order: fire a transition in one role, pay by hand, refund an amount.</summary>
/// <summary>What a page asks of an order: a transition, with the tracking number or the refund amount a person typed (major units, "12.50").</summary>
internal sealed record OrderCommand(string Transition, string? Tracking = null, decimal? Amount = null);

/// <summary>
/// The pages' way to move an order (the API has its own in <see cref="OrderEndpoints"/>): in one write transaction,
/// the order is read, <paramref name="mayAct"/> decides whether it is the caller's business in the role it acts in
/// (otherwise it does not exist for them), and <see cref="OrderTransitions"/> applies the transition.
/// </summary>
internal sealed class OrderCommands(Database database, OrderTransitions transitions, PaymentProviders providers)
{
    /// <summary>Null when the order moved; a problem otherwise (404 when <paramref name="mayAct"/> refuses the order).</summary>
    public async Task<ProblemHttpResult?> FireAsync(
        long tenantId, long orderId, Func<Order, bool> mayAct, Actor actor, string actorId, OrderCommand command, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var order = await OrderStore.FindAsync(connection, transaction, tenantId, orderId);
        if (order is null || !mayAct(order))
        {
            return Problems.NotFound($"Order {orderId} does not exist.");
        }

        long? amount = null;
        if (command.Amount is { } major)
        {
            amount = Currencies.FromMajor(major, order.Currency);
            if (amount is null)
            {
                return Problems.Field("amount", $"{order.Currency} has {Currencies.MinorDigits(order.Currency)} decimal(s)");
            }
        }

        var name = command.Transition;
        if (name == OrderProcess.Pay && providers.Has(order.Provider) && !providers.Get(order.Provider).ConfirmsByHand)
        {
            return Problems.Conflict("Paid online", $"Order {orderId} is paid through {order.Provider}; its payment is confirmed by the provider, not by hand.");
        }

        if (name == OrderProcess.Refund)
        {
            // As the API: less than what is left is a partial refund where the process has one.
            var remaining = order.Paid - order.Refunded;
            name = amount is { } part && part < remaining && OrderProcesses.Get(order.Process).Find(OrderProcess.PartialRefund) is not null
                ? OrderProcess.PartialRefund
                : OrderProcess.Refund;
        }

        var problem = await transitions.FireAsync(connection, transaction, tenantId, order, new TransitionRequest(name, actor, actorId, command.Tracking, amount), cancellationToken);
        if (problem is null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return problem;
    }

    /// <summary>The command a page's form asks for; an amount that is not a number is an error to show.</summary>
    public static (OrderCommand? Command, string? Error) Read(string transition, IFormCollection form)
    {
        var raw = form["amount"].ToString().Trim();
        decimal? amount = null;
        if (raw.Length > 0)
        {
            if (!decimal.TryParse(raw, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                return (null, $"The amount '{raw}' is not a number like 12.50.");
            }

            amount = parsed;
        }

        var tracking = form["tracking"].ToString().Trim();
        return (new OrderCommand(transition, tracking.Length == 0 ? null : tracking, amount), null);
    }

    /// <summary>True when a person marks this order paid (the manual provider), rather than a payment provider.</summary>
    public bool PaidByHand(string provider) => !providers.Has(provider) || providers.Get(provider).ConfirmsByHand;
}

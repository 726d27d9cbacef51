using System.Data.Common;
using System.Text.Json;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Mercato.Server.Payments;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Orders;

/// <summary>A request to move an order: which transition, fired by whom, with its data (tracking number, refund amount).</summary>
internal sealed record TransitionRequest(string Transition, Actor Actor, string? ActorId, string? Tracking = null, long? Amount = null)
{
    /// <summary>Set when the provider already made the refund (reported by its webhook): nothing is asked of it, only recorded.</summary>
    public MadeRefund? Made { get; init; }
}

/// <summary>A refund the provider made: its reference and what it took back from the seller after a payout.</summary>
internal sealed record MadeRefund(string Reference, long Recovered);

/// <summary>
/// The engine of <see cref="OrderProcess"/>: checks that the transition leaves the order's state and that the actor may
/// fire it, applies its effects (stock, ledger, provider refund), stores the transition with actor and time, schedules the
/// new state's timers and queues the mail — all in the caller's transaction, so an order never half-moves.
/// </summary>
internal sealed class OrderTransitions(
    JobClient jobs, Accounts.Outbox outbox, Ledger ledger, PaymentProviders providers, IOptions<OrdersOptions> options, TimeProvider time, ILogger<OrderTransitions> logger)
{
    /// <summary>Null when the order moved (and <paramref name="order"/> shows it); otherwise the problem to answer.</summary>
    public async Task<ProblemHttpResult?> FireAsync(DbConnection connection, DbTransaction transaction, long tenantId, Order order, TransitionRequest request, CancellationToken cancellationToken)
    {
        var process = OrderProcesses.Get(order.Process);
        if (process.Find(request.Transition) is not { } transition)
        {
            return Problems.Field("transition", $"'{request.Transition}' is not a transition of the {process.Name} process; it has {string.Join(", ", process.Transitions.Select(t => t.Name).Distinct())}");
        }

        if (!transition.From.Contains(order.State))
        {
            return TypedResults.Problem(
                title: "Transition not allowed",
                detail: $"Order {order.Id} is '{order.State}'; transition '{transition.Name}' of the {process.Name} process is not possible from there.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["state"] = order.State, ["transition"] = transition.Name, ["allowed"] = process.From(order.State).Select(t => t.Name).ToArray() });
        }

        if (!transition.By.Contains(request.Actor))
        {
            return Problems.Status(StatusCodes.Status403Forbidden, "Not yours to fire", $"Transition '{transition.Name}' is fired by {string.Join(" or ", transition.By).ToLowerInvariant()}, not by the {request.Actor.ToString().ToLowerInvariant()}.");
        }

        var tracking = order.Tracking;
        if (transition.Effects.HasFlag(Effects.RequiresTracking))
        {
            if (request.Tracking is not { Length: > 0 and <= 100 } number || string.IsNullOrWhiteSpace(number))
            {
                return Problems.Field("tracking", "a shipment needs its tracking number (1 to 100 characters)");
            }

            tracking = request.Tracking.Trim();
        }

        var remaining = order.Paid - order.Refunded;
        long refund = 0;
        if (transition.Effects.HasFlag(Effects.RecordRefund))
        {
            refund = request.Amount ?? remaining;
            var partial = transition.Name == OrderProcess.PartialRefund;
            if (refund <= 0 || refund > remaining || (partial && refund == remaining) || (!partial && refund != remaining))
            {
                return Problems.Field("amount", partial
                    ? $"a partial refund is 1 to {remaining - 1} of the {remaining} not yet refunded; refund all of it with the full refund"
                    : $"a full refund returns the {remaining} not yet refunded");
            }
        }
        else if (transition.Effects.HasFlag(Effects.RefundRest))
        {
            refund = remaining;
        }

        if (refund > 0)
        {
            var recovered = request.Made?.Recovered ?? 0;
            if (request.Made is null)
            {
                var outcome = await providers.Get(order.Provider).RefundAsync(
                    new RefundRequest(connection, transaction, tenantId, order.PurchaseId, order.Id, order.SellerId, order.Currency, refund, order.Refunded,
                        order.Total, order.Tax, order.PlatformFee, $"order-{order.Id}-refund-{order.Refunded + refund}"), cancellationToken);
                if (!outcome.Succeeded)
                {
                    return Problems.Status(StatusCodes.Status502BadGateway, "Refund failed", outcome.FailureReason ?? "The payment provider refused the refund.");
                }

                recovered = outcome.Recovered;
            }

            await ledger.PostAsync(connection, transaction, tenantId, $"order:{order.Id}:refund:{order.Refunded + refund}", order.Id, order.Currency,
                LedgerSplits.Refund(order.Provider, order.SellerId, order.Total, order.Tax, order.PlatformFee, order.Refunded, refund));
            if (recovered != 0)
            {
                // The seller had been paid: what the provider took back from it (a transfer reversal) settles its debt.
                await ledger.PostAsync(connection, transaction, tenantId, $"order:{order.Id}:reversal:{order.Refunded + refund}", order.Id, order.Currency,
                    [new(Ledger.Cash(order.Provider), recovered), new(Ledger.SellerPayable, -recovered, order.SellerId)]);
            }
        }

        if (transition.Effects.HasFlag(Effects.CaptureHold) || transition.Effects.HasFlag(Effects.VoidHold))
        {
            var capture = transition.Effects.HasFlag(Effects.CaptureHold);
            var hold = await providers.Get(order.Provider).SettleHoldAsync(tenantId, order.PurchaseId, order.Id, capture, cancellationToken);
            if (!hold.Succeeded)
            {
                return Problems.Status(StatusCodes.Status502BadGateway, capture ? "Capture failed" : "Void failed", hold.FailureReason ?? "The payment provider refused.");
            }

            if (hold.Held && !capture && order.Paid > order.Refunded)
            {
                // A voided authorization never took the money: the deposit goes back to the buyer in full.
                refund = order.Paid - order.Refunded;
                await ledger.PostAsync(connection, transaction, tenantId, $"order:{order.Id}:refund:{order.Refunded + refund}", order.Id, order.Currency,
                    LedgerSplits.Refund(order.Provider, order.SellerId, order.Total, order.Tax, order.PlatformFee, order.Refunded, refund));
            }
        }

        var paid = order.Paid;
        if (transition.Effects.HasFlag(Effects.RecordPayment))
        {
            paid = order.Total;
            await ledger.PostAsync(connection, transaction, tenantId, $"order:{order.Id}:payment", order.Id, order.Currency,
                LedgerSplits.Payment(order.Provider, order.SellerId, order.Total, order.Tax, order.PlatformFee));
        }

        if (transition.Effects.HasFlag(Effects.CommitStock))
        {
            await Inventory.CommitAsync(connection, transaction, tenantId, order.Id);
        }

        if (transition.Effects.HasFlag(Effects.ReleaseStock) || transition.Effects.HasFlag(Effects.RefundRest))
        {
            await Inventory.ReleaseAsync(connection, transaction, tenantId, order.Id);
        }

        var now = time.GetUtcNow();
        var to = transition.To ?? order.State;
        var moved = await connection.ExecuteAsync(
            """
            UPDATE orders SET state = @to, paid = @paid, refunded = @refunded, tracking = @tracking, version = version + 1, updated_at = @now
            WHERE tenant_id = @tenantId AND id = @Id AND version = @Version
            """,
            new { to, paid, refunded = order.Refunded + refund, tracking, now, tenantId, order.Id, order.Version }, transaction);
        if (moved == 0)
        {
            return Problems.Conflict("Order changed", $"Order {order.Id} changed while this request ran; read it again and retry.");
        }

        var detail = refund > 0 ? $"refunded {refund}" : transition.Effects.HasFlag(Effects.RequiresTracking) ? $"tracking {tracking}" : null;
        await RecordAsync(connection, transaction, tenantId, order.Id, transition.Name, order.State, to, request.Actor, request.ActorId, detail, now);
        if (to != order.State)
        {
            await ScheduleTimersAsync(connection, transaction, tenantId, order.Id, process, to, cancellationToken);
        }

        OrdersLog.Transitioned(logger, order.Id, tenantId, transition.Name, order.State, to, request.Actor);
        (order.State, order.Paid, order.Refunded, order.Tracking, order.Version, order.UpdatedAt) = (to, paid, order.Refunded + refund, tracking, order.Version + 1, now);
        await MailAsync(connection, transaction, tenantId, order, transition, refund);
        return null;
    }

    public static Task RecordAsync(
        DbConnection connection, DbTransaction transaction, long tenantId, long orderId, string transition, string? from, string to, Actor actor, string? actorId, string? detail, DateTimeOffset at) =>
        connection.ExecuteAsync(
            """
            INSERT INTO order_transitions (tenant_id, order_id, transition, from_state, to_state, actor, actor_id, detail, at)
            VALUES (@tenantId, @orderId, @transition, @from, @to, @actor, @actorId, @detail, @at)
            """,
            new { tenantId, orderId, transition, from, to, actor = actor.ToString().ToLowerInvariant(), actorId, detail, at }, transaction);

    /// <summary>Timers of <paramref name="state"/> become jobs in this transaction; each checks the state again when it runs.</summary>
    public async Task ScheduleTimersAsync(DbConnection connection, DbTransaction transaction, long tenantId, long orderId, OrderProcess process, string state, CancellationToken cancellationToken)
    {
        foreach (var timer in process.Timers.Where(t => t.State == state))
        {
            var payload = JsonSerializer.Serialize(new OrderTimerPayload(orderId, timer.Transition, state), JsonDefaults.Options);
            await jobs.EnqueueAsync(connection, transaction, new JobRequest(OrderTimerJob.Kind, payload)
            {
                TenantId = tenantId,
                RunAt = time.GetUtcNow() + options.Value.Delay(timer.Delay),
            }, cancellationToken);
        }
    }

    private async Task MailAsync(DbConnection connection, DbTransaction transaction, long tenantId, Order order, ProcessTransition transition, long refund)
    {
        var (subject, body) = transition switch
        {
            { Effects: var e } when e.HasFlag(Effects.RecordPayment) =>
                ($"Order {order.Id}: payment received", $"We received {OrderMails.Money(order.Total, order.Currency)} for order {order.Id}. It is {order.State.Replace('_', ' ')} now."),
            { Effects: var e } when e.HasFlag(Effects.RequiresTracking) =>
                ($"Order {order.Id} has shipped", $"Order {order.Id} is on its way. Tracking number: {order.Tracking}."),
            _ when refund > 0 =>
                ($"Order {order.Id}: refund of {OrderMails.Money(refund, order.Currency)}", $"We refunded {OrderMails.Money(refund, order.Currency)} of order {order.Id} ({OrderMails.Money(order.Refunded, order.Currency)} in all)."),
            _ => (null, null),
        };
        if (subject is not null)
        {
            await outbox.SendAsync(connection, transaction, tenantId, order.BuyerEmail, subject, body!);
        }
    }
}

internal static class OrderMails
{
    public static string Money(long amount, string currency) => Currencies.Format(amount, currency);
}

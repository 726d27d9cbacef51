using System.Globalization;
using System.Text.Json.Nodes;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Mercato.Server.Payments;
using Stripe;

namespace Mercato.Server.Orders;

/// <summary>
/// <c>payments.stripe_event</c>: applies a stored Stripe event. It does not trust the event's snapshot or its place in
/// the stream: it reads the PaymentIntent, its charge and refunds (or the account) again from Stripe and moves our
/// records forward to match — pay the orders still awaiting payment, book the charge's processing fee and a destination
/// charge's transfer once, record each refund once by its Stripe id, cancel on an expired session or canceled intent.
/// Every step is guarded (order state and version, unique keys), so duplicates and any order of arrival end the same.
/// </summary>
internal sealed class StripeEventJob(
    Database database, StripeClients clients, OrderTransitions transitions, Payouts payouts, Ledger ledger, StripePaymentProvider stripe, TimeProvider time,
    ILogger<StripeEventJob> logger) : IJobHandler<StripeEventPayload>
{
    public async Task HandleAsync(StripeEventPayload payload, JobContext context, CancellationToken cancellationToken)
    {
        if (context.TenantId is not { } tenantId)
        {
            return;
        }

        (string EventId, string Type, string Payload)? stored;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            stored = await connection.QuerySingleOrDefaultAsync<(string, string, string)?>(
                "SELECT event_id, type, payload FROM stripe_events WHERE tenant_id = @tenantId AND id = @EventRowId", new { tenantId, payload.EventRowId });
        }

        var (client, settings) = await clients.ForTenantAsync(tenantId, cancellationToken);
        if (stored is not { } evt || client is null)
        {
            return;
        }

        var data = JsonNode.Parse(evt.Payload)?["data"]?["object"];
        var outcome = evt.Type switch
        {
            "account.updated" => await SyncAccountAsync(client, tenantId, (string?)data?["id"], cancellationToken),
            _ when evt.Type.StartsWith("checkout.session.", StringComparison.Ordinal) => await SyncSessionAsync(client, settings, tenantId, (string?)data?["id"], cancellationToken),
            _ when evt.Type.StartsWith("payment_intent.", StringComparison.Ordinal) => await SyncIntentAsync(client, settings, tenantId, (string?)data?["id"], cancellationToken),
            _ when evt.Type.StartsWith("charge.", StringComparison.Ordinal) || evt.Type.StartsWith("refund.", StringComparison.Ordinal) =>
                await SyncIntentAsync(client, settings, tenantId, (string?)data?["payment_intent"], cancellationToken),
            _ => "ignored",
        };

        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            await connection.ExecuteAsync(
                "UPDATE stripe_events SET processed_at = @now WHERE tenant_id = @tenantId AND id = @EventRowId", new { now = time.GetUtcNow(), tenantId, payload.EventRowId });
        }

        OrdersLog.StripeEventProcessed(logger, evt.EventId, evt.Type, tenantId, outcome);
    }

    private async Task<string> SyncAccountAsync(IStripeClient client, long tenantId, string? accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (accountId is null || await StripeStore.AccountByIdAsync(connection, null, tenantId, accountId) is not { } known)
        {
            return "not an account of this marketplace";
        }

        var account = await new AccountService(client).GetAsync(accountId, null, null, cancellationToken);
        await StripeStore.SaveAccountAsync(connection, null, tenantId, known.SellerId, account, time.GetUtcNow());
        PaymentsLog.AccountUpdated(logger, accountId, known.SellerId, tenantId, account.ChargesEnabled, account.PayoutsEnabled);
        return "account status updated";
    }

    private async Task<string> SyncSessionAsync(IStripeClient client, TenantPaymentSettings settings, long tenantId, string? sessionId, CancellationToken cancellationToken)
    {
        StripePayment? payment;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            payment = sessionId is null ? null : await StripeStore.BySessionAsync(connection, null, tenantId, sessionId);
            if (payment is null)
            {
                return "not a session of this marketplace";
            }

            var session = await new Stripe.Checkout.SessionService(client).GetAsync(sessionId, null, null, cancellationToken);
            if (session.PaymentIntentId is { } intentId && payment.PaymentIntentId is null)
            {
                await StripeStore.SetIntentAsync(connection, null, tenantId, payment.Id, intentId);
                payment.PaymentIntentId = intentId;
            }

            if (payment.PaymentIntentId is null)
            {
                return session.Status == "expired" ? await CancelAsync(tenantId, payment.PurchaseId, cancellationToken) : "session open";
            }
        }

        return await SyncAsync(client, settings, tenantId, payment, cancellationToken);
    }

    private async Task<string> SyncIntentAsync(IStripeClient client, TenantPaymentSettings settings, long tenantId, string? intentId, CancellationToken cancellationToken)
    {
        if (intentId is null)
        {
            return "no payment intent";
        }

        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            if (await StripeStore.ByIntentAsync(connection, null, tenantId, intentId) is { } known)
            {
                return await SyncAsync(client, settings, tenantId, known, cancellationToken);
            }

            // The intent of a Checkout Session is known to us once checkout.session.completed was processed; its
            // payment_intent.succeeded may come first. The metadata we set names our purchase.
            var intent = await new PaymentIntentService(client).GetAsync(intentId, null, null, cancellationToken);
            if (intent.Metadata?.GetValueOrDefault("mercato_tenant") != tenantId.ToString(CultureInfo.InvariantCulture)
                || !long.TryParse(intent.Metadata.GetValueOrDefault("mercato_purchase"), CultureInfo.InvariantCulture, out var purchaseId)
                || await StripeStore.ByPurchaseAsync(connection, null, tenantId, purchaseId) is not { } payment)
            {
                return "not a payment of this marketplace";
            }

            await StripeStore.SetIntentAsync(connection, null, tenantId, payment.Id, intentId);
            payment.PaymentIntentId ??= intentId;
            return await SyncAsync(client, settings, tenantId, payment, cancellationToken);
        }
    }

    private async Task<string> SyncAsync(IStripeClient client, TenantPaymentSettings settings, long tenantId, StripePayment payment, CancellationToken cancellationToken)
    {
        var intent = await new PaymentIntentService(client).GetAsync(
            payment.PaymentIntentId, new PaymentIntentGetOptions { Expand = ["latest_charge.balance_transaction"] }, null, cancellationToken);
        var refunds = intent.LatestChargeId is null
            ? []
            : (await new RefundService(client).ListAsync(new RefundListOptions { PaymentIntent = intent.Id, Limit = 100 }, null, cancellationToken)).Data;
        if (intent.Status == "canceled")
        {
            return await CancelAsync(tenantId, payment.PurchaseId, cancellationToken);
        }

        if (intent.Status is not ("succeeded" or "requires_capture"))
        {
            return "awaiting payment (" + intent.Status + ")";
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        await OrderStore.LockAsync(connection, transaction, database.IsPostgres, tenantId, null, payment.PurchaseId);
        var orders = (await OrderStore.ListAsync(connection, tenantId, null, null, null, payment.PurchaseId, null, null, 200)).OrderBy(o => o.Id).ToList();
        var paid = 0;
        foreach (var order in orders.Where(o => o.State == OrderProcesses.Get(o.Process).Initial))
        {
            await FireAsync(connection, transaction, tenantId, order, new TransitionRequest(OrderProcess.Pay, Actor.System, "stripe"), cancellationToken);
            paid++;
        }

        if (intent.Status == "succeeded" && intent.LatestCharge is { } charge
            && await StripeStore.SetChargeAsync(connection, transaction, tenantId, payment.Id, charge.Id, charge.BalanceTransaction?.Fee ?? 0))
        {
            var fee = charge.BalanceTransaction?.Fee ?? 0;
            if (fee != 0)
            {
                // Stripe's processing fee is the platform's cost of the whole purchase, not one order's.
                await ledger.PostAsync(connection, transaction, tenantId, $"purchase:{payment.PurchaseId}:processor_fee", null, payment.Currency,
                    [new(Ledger.ProcessorFees, fee), new(Ledger.Cash(StripePaymentProvider.ProviderName), -fee)]);
            }

            if (payment.Destination is not null && orders is [{ Paid: > 0 } only] && charge.TransferId is { } transferId)
            {
                // A destination charge paid the seller with the charge: the payout is that transfer.
                await payouts.RecordTransferAsync(connection, transaction, tenantId, only.Id, only.SellerId, only.Currency,
                    only.Total - only.Tax - only.PlatformFee, StripePaymentProvider.ProviderName, transferId);
            }
        }

        var recorded = 0;
        foreach (var refund in refunds.Where(r => r.Status is "succeeded" or "pending").OrderBy(r => r.Created))
        {
            if (await RecordRefundAsync(client, settings, connection, transaction, tenantId, payment, orders, refund, cancellationToken))
            {
                recorded++;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        var returned = intent.Status == "succeeded" ? await ReturnUnfulfillableAsync(client, tenantId, payment, intent.Id, orders, refunds, cancellationToken) : 0;
        return $"{paid} order(s) paid, {recorded} refund(s) recorded, {returned} payment(s) for cancelled orders returned";
    }

    /// <summary>
    /// The buyer paid for an order that had been cancelled meanwhile (its checkout hold expired, or it was cancelled
    /// while the payment page was still open): there is nothing to deliver, so its money goes back in full — after our
    /// commit, with a key of its own, and from the seller too for a destination charge. Nothing was booked for such an
    /// order, so nothing is booked for the return either.
    /// </summary>
    private async Task<int> ReturnUnfulfillableAsync(
        IStripeClient client, long tenantId, StripePayment payment, string intentId, List<Order> orders, IEnumerable<Refund> refunds, CancellationToken cancellationToken)
    {
        var returned = 0;
        foreach (var order in orders.Where(o => o.Paid == 0 && o.State != OrderProcesses.Get(o.Process).Initial))
        {
            var orderKey = order.Id.ToString(CultureInfo.InvariantCulture);
            if (refunds.Any(r => r.Metadata?.GetValueOrDefault("mercato_order") == orderKey))
            {
                continue;
            }

            var destination = payment.Destination is not null;
            await new RefundService(client).CreateAsync(new RefundCreateOptions
            {
                PaymentIntent = intentId,
                Amount = order.Total,
                ReverseTransfer = destination ? true : null,
                RefundApplicationFee = destination ? true : null,
                Metadata = new Dictionary<string, string> { ["mercato_order"] = orderKey, ["mercato_reason"] = "order_" + order.State },
            }, new RequestOptions { IdempotencyKey = StripeStore.IdempotencyKey(tenantId, "unfulfillable", order.Id) }, cancellationToken);
            OrdersLog.PaymentReturned(logger, order.Id, tenantId, order.State, order.Total, order.Currency);
            returned++;
        }

        return returned;
    }

    private async Task<bool> RecordRefundAsync(
        IStripeClient client, TenantPaymentSettings settings, System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction,
        long tenantId, StripePayment payment, List<Order> orders, Refund refund, CancellationToken cancellationToken)
    {
        var target = long.TryParse(refund.Metadata?.GetValueOrDefault("mercato_order"), CultureInfo.InvariantCulture, out var orderId)
            ? orders.FirstOrDefault(o => o.Id == orderId)
            : orders.Count == 1 ? orders[0] : null;
        if (target is null || await StripeStore.RefundKnownAsync(connection, transaction, tenantId, refund.Id))
        {
            return false;
        }

        var order = (await OrderStore.FindAsync(connection, transaction, tenantId, target.Id))!;
        var amount = Math.Min(refund.Amount, order.Paid - order.Refunded);
        if (amount <= 0 || !await StripeStore.TryRecordRefundAsync(connection, transaction, tenantId, refund.Id, order.Id, amount, 0, 0, time.GetUtcNow()))
        {
            return false;
        }

        var request = new RefundRequest(connection, transaction, tenantId, order.PurchaseId, order.Id, order.SellerId, order.Currency, amount, order.Refunded,
            order.Total, order.Tax, order.PlatformFee, $"order-{order.Id}-refund-{order.Refunded + amount}");
        var (feeRefunded, recovered) = await stripe.RecoverAsync(client, settings, connection, transaction, tenantId, payment, request, refund, cancellationToken);
        await connection.ExecuteAsync(
            "UPDATE stripe_refunds SET fee_refunded = @feeRefunded, recovered = @recovered WHERE tenant_id = @tenantId AND refund_id = @Id",
            new { feeRefunded, recovered, tenantId, refund.Id }, transaction);
        var process = OrderProcesses.Get(order.Process);
        var name = amount < order.Paid - order.Refunded && process.Find(OrderProcess.PartialRefund) is not null ? OrderProcess.PartialRefund : OrderProcess.Refund;
        await FireAsync(connection, transaction, tenantId, order, new TransitionRequest(name, Actor.System, "stripe", Amount: amount) { Made = new MadeRefund(refund.Id, recovered) }, cancellationToken);
        return true;
    }

    private async Task<string> CancelAsync(long tenantId, long purchaseId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        await OrderStore.LockAsync(connection, transaction, database.IsPostgres, tenantId, null, purchaseId);
        var cancelled = 0;
        foreach (var order in await OrderStore.ListAsync(connection, tenantId, null, null, null, purchaseId, null, null, 200))
        {
            if (order.State == OrderProcesses.Get(order.Process).Initial)
            {
                await FireAsync(connection, transaction, tenantId, order, new TransitionRequest("cancel", Actor.System, "stripe"), cancellationToken);
                cancelled++;
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return $"{cancelled} order(s) cancelled";
    }

    private async Task FireAsync(
        System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long tenantId, Order order, TransitionRequest request, CancellationToken cancellationToken)
    {
        if (await transitions.FireAsync(connection, transaction, tenantId, order, request, cancellationToken) is { } problem)
        {
            // A concurrent change (the order moved under us): the job's retry reads everything again.
            throw new InvalidOperationException($"order {order.Id}: {request.Transition} failed: {problem.ProblemDetails.Detail}");
        }
    }
}

using System.Globalization;
using Dapper;
using Mercato.Server.Infrastructure;
using Stripe;

namespace Mercato.Server.Payments;

/// <summary>
/// Payments through Stripe with Connect. A purchase of one seller who has a Connect account that takes charges is a
/// destination charge: Stripe moves the money to the seller at once and keeps <c>application_fee_amount</c> = the
/// platform fee plus the tax (the marketplace remits tax). Any other purchase is one platform charge with a
/// <c>transfer_group</c>; each seller's share is transferred (<c>source_transaction</c>) by the payouts job after the hold.
/// A purchase of one vehicle deposit is authorized only (<c>capture_method=manual</c>), captured on completion and
/// voided on release. Every POST carries an idempotency key derived from our record, so a retry never charges twice.
/// </summary>
internal sealed class StripePaymentProvider(Database database, StripeClients clients, TimeProvider time, ILogger<StripePaymentProvider> logger) : IPaymentProvider
{
    public const string ProviderName = "stripe";

    public string Name => ProviderName;

    public bool ConfirmsByHand => false;

    public async Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken)
    {
        var client = await clients.RequireAsync(request.TenantId, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        try
        {
            if (await StripeStore.ByPurchaseAsync(connection, null, request.TenantId, request.PurchaseId) is not { } payment)
            {
                payment = await CreateAsync(client, connection, request, cancellationToken);
            }

            return await AnswerAsync(client, payment, cancellationToken);
        }
        catch (StripeException exception)
        {
            PaymentsLog.StripeFailed(logger, "start payment", request.PurchaseId, request.TenantId, exception.StripeError?.Code ?? exception.Message);
            throw new PaymentStartException($"Stripe refused to start the payment: {exception.StripeError?.Message ?? exception.Message}", exception);
        }
    }

    private async Task<StripePayment> CreateAsync(IStripeClient client, System.Data.Common.DbConnection connection, PaymentStartRequest request, CancellationToken cancellationToken)
    {
        var single = request.Orders.Count == 1 ? request.Orders[0] : null;
        var account = single is null ? null : await StripeStore.AccountAsync(connection, null, request.TenantId, single.SellerId);
        var destination = account is { ChargesEnabled: 1 } ? account.AccountId : null;
        var payment = new StripePayment
        {
            PurchaseId = request.PurchaseId,
            Mode = request.Mode,
            Destination = destination,
            TransferGroup = destination is null ? $"mercato-t{request.TenantId}-purchase-{request.PurchaseId}" : null,
            ApplicationFee = destination is null ? 0 : single!.PlatformFee + single.Tax,
            Amount = request.Orders.Sum(o => o.Total),
            Currency = request.Currency,
            CaptureManual = request.CaptureLater ? 1 : 0,
        };
        var metadata = new Dictionary<string, string>
        {
            ["mercato_tenant"] = request.TenantId.ToString(CultureInfo.InvariantCulture),
            ["mercato_purchase"] = request.PurchaseId.ToString(CultureInfo.InvariantCulture),
        };
        var options = new RequestOptions { IdempotencyKey = StripeStore.IdempotencyKey(request.TenantId, "purchase-" + request.Mode, request.PurchaseId) };
        var currency = request.Currency.ToLowerInvariant();
        if (request.Mode == "checkout")
        {
            var site = request.Site.ToString().TrimEnd('/');
            var session = await new Stripe.Checkout.SessionService(client).CreateAsync(new Stripe.Checkout.SessionCreateOptions
            {
                Mode = "payment",
                SuccessUrl = $"{site}/purchases/{request.PurchaseId}?session_id={{CHECKOUT_SESSION_ID}}",
                CancelUrl = $"{site}/cart",
                CustomerEmail = request.BuyerEmail,
                ClientReferenceId = request.PurchaseId.ToString(CultureInfo.InvariantCulture),
                Metadata = metadata,
                LineItems = request.Orders.Select(o => new Stripe.Checkout.SessionLineItemOptions
                {
                    Quantity = 1,
                    PriceData = new Stripe.Checkout.SessionLineItemPriceDataOptions
                    {
                        Currency = currency,
                        UnitAmount = o.Total,
                        ProductData = new Stripe.Checkout.SessionLineItemPriceDataProductDataOptions { Name = $"Order {o.OrderId}" },
                    },
                }).ToList(),
                PaymentIntentData = new Stripe.Checkout.SessionPaymentIntentDataOptions
                {
                    Metadata = metadata,
                    CaptureMethod = request.CaptureLater ? "manual" : null,
                    TransferGroup = payment.TransferGroup,
                    ApplicationFeeAmount = destination is null ? null : payment.ApplicationFee,
                    TransferData = destination is null ? null : new Stripe.Checkout.SessionPaymentIntentDataTransferDataOptions { Destination = destination },
                },
            }, options, cancellationToken);
            (payment.CheckoutSessionId, payment.Url, payment.PaymentIntentId) = (session.Id, session.Url, session.PaymentIntentId);
        }
        else
        {
            var intent = await new PaymentIntentService(client).CreateAsync(new PaymentIntentCreateOptions
            {
                Amount = payment.Amount,
                Currency = currency,
                ReceiptEmail = request.BuyerEmail,
                Metadata = metadata,
                CaptureMethod = request.CaptureLater ? "manual" : null,
                TransferGroup = payment.TransferGroup,
                ApplicationFeeAmount = destination is null ? null : payment.ApplicationFee,
                TransferData = destination is null ? null : new PaymentIntentTransferDataOptions { Destination = destination },
            }, options, cancellationToken);
            payment.PaymentIntentId = intent.Id;
        }

        await StripeStore.InsertAsync(connection, request.TenantId, payment, time.GetUtcNow());
        PaymentsLog.StripeStarted(logger, request.PurchaseId, request.TenantId, request.Mode, destination ?? "platform");
        return (await StripeStore.ByPurchaseAsync(connection, null, request.TenantId, request.PurchaseId))!;
    }

    private static async Task<PaymentStart> AnswerAsync(IStripeClient client, StripePayment payment, CancellationToken cancellationToken)
    {
        if (payment.Mode == "checkout")
        {
            return new PaymentStart(ProviderName, "redirect_to_checkout", payment.Url, null, payment.PaymentIntentId, payment.CheckoutSessionId);
        }

        // The client secret is not stored; Stripe gives it again to the account that created the intent.
        var intent = await new PaymentIntentService(client).GetAsync(payment.PaymentIntentId, null, null, cancellationToken);
        return new PaymentStart(ProviderName, "confirm_payment_intent", null, intent.ClientSecret, intent.Id);
    }

    public async Task<RefundOutcome> RefundAsync(RefundRequest request, CancellationToken cancellationToken)
    {
        var (client, settings) = await clients.ForTenantAsync(request.TenantId, cancellationToken);
        var payment = await StripeStore.ByPurchaseAsync(request.Connection, request.Transaction, request.TenantId, request.PurchaseId);
        if (client is null || payment?.PaymentIntentId is null)
        {
            return new RefundOutcome(false, null, "This order has no Stripe payment to refund.");
        }

        try
        {
            var destination = payment.Destination is not null;
            var refund = await new RefundService(client).CreateAsync(new RefundCreateOptions
            {
                PaymentIntent = payment.PaymentIntentId,
                Amount = request.Amount,
                ReverseTransfer = destination ? settings.ReverseTransfer : null,
                RefundApplicationFee = destination ? settings.RefundApplicationFee : null,
                Metadata = new Dictionary<string, string> { ["mercato_order"] = request.OrderId.ToString(CultureInfo.InvariantCulture) },
                Expand = ["transfer_reversal"],
            }, new RequestOptions { IdempotencyKey = $"mercato-t{request.TenantId}-{request.IdempotencyKey}" }, cancellationToken);
            var (feeRefunded, recovered) = await RecoverAsync(client, settings, request.Connection, request.Transaction, request.TenantId, payment, request, refund, cancellationToken);
            await StripeStore.TryRecordRefundAsync(
                request.Connection, request.Transaction, request.TenantId, refund.Id, request.OrderId, request.Amount, feeRefunded, recovered, time.GetUtcNow());
            return new RefundOutcome(true, refund.Id, null, recovered);
        }
        catch (StripeException exception)
        {
            PaymentsLog.StripeFailed(logger, "refund", request.OrderId, request.TenantId, exception.StripeError?.Code ?? exception.Message);
            return new RefundOutcome(false, null, $"Stripe refused the refund: {exception.StripeError?.Message ?? exception.Message}");
        }
    }

    /// <summary>
    /// What a refund takes back from the seller once the seller was paid: for a destination charge Stripe reversed the
    /// transfer (less the application fee it gave back); for a separate charge whose transfer was made, the transfer is
    /// reversed by the seller's share of the refund, as the tenant's policy says.
    /// </summary>
    public async Task<(long FeeRefunded, long Recovered)> RecoverAsync(
        IStripeClient client, TenantPaymentSettings settings, System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction,
        long tenantId, StripePayment payment, RefundRequest request, Refund refund, CancellationToken cancellationToken)
    {
        if (payment.Destination is not null)
        {
            var reversed = refund.TransferReversal?.Amount ?? 0;
            if (refund.TransferReversal is null && refund.TransferReversalId is not null)
            {
                reversed = (await new RefundService(client).GetAsync(refund.Id, new RefundGetOptions { Expand = ["transfer_reversal"] }, null, cancellationToken)).TransferReversal?.Amount ?? 0;
            }

            var charge = await new ChargeService(client).GetAsync(refund.ChargeId, new ChargeGetOptions { Expand = ["application_fee"] }, null, cancellationToken);
            var feeRefunded = Math.Max(0, (charge.ApplicationFee?.AmountRefunded ?? 0) - await StripeStore.FeeRefundedAsync(connection, transaction, tenantId, request.OrderId));
            return (feeRefunded, reversed - feeRefunded);
        }

        var transferId = await connection.ExecuteScalarAsync<string?>(
            "SELECT transfer_id FROM payouts WHERE tenant_id = @tenantId AND order_id = @OrderId AND status = 'paid' AND transfer_id IS NOT NULL",
            new { tenantId, request.OrderId }, transaction);
        if (transferId is null || !settings.ReverseTransfer)
        {
            return (0, 0);
        }

        var share = LedgerSplits.Refund(Name, request.SellerId, request.Total, request.Tax, request.PlatformFee, request.RefundedBefore, request.Amount)
            .Single(l => l.Account == Ledger.SellerPayable).Amount;
        var transfer = await new TransferService(client).GetAsync(transferId, null, null, cancellationToken);
        var amount = Math.Min(share, transfer.Amount - transfer.AmountReversed);
        if (amount <= 0)
        {
            return (0, 0);
        }

        var reversal = await new TransferReversalService(client).CreateAsync(transferId, new TransferReversalCreateOptions { Amount = amount },
            new RequestOptions { IdempotencyKey = $"mercato-t{tenantId}-reversal-{refund.Id}" }, cancellationToken);
        return (0, reversal.Amount);
    }

    public async Task<HoldOutcome> SettleHoldAsync(long tenantId, long purchaseId, long orderId, bool capture, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var payment = await StripeStore.ByPurchaseAsync(connection, null, tenantId, purchaseId);
        var client = (await clients.ForTenantAsync(tenantId, cancellationToken)).Client;
        if (payment is not { CaptureManual: 1, PaymentIntentId: { } intentId } || client is null)
        {
            return new HoldOutcome(false, true, null);
        }

        var intents = new PaymentIntentService(client);
        try
        {
            var intent = await intents.GetAsync(intentId, null, null, cancellationToken);
            if (intent.Status != "requires_capture")
            {
                // Captured or voided already (a retry after our commit failed): the outcome stands.
                var done = capture ? intent.Status == "succeeded" : intent.Status == "canceled";
                return new HoldOutcome(true, done, done ? null : $"The payment is {intent.Status}.");
            }

            var key = new RequestOptions { IdempotencyKey = StripeStore.IdempotencyKey(tenantId, capture ? "capture" : "void", purchaseId) };
            _ = capture
                ? await intents.CaptureAsync(intentId, new PaymentIntentCaptureOptions(), key, cancellationToken)
                : await intents.CancelAsync(intentId, new PaymentIntentCancelOptions(), key, cancellationToken);
            return new HoldOutcome(true, true, null);
        }
        catch (StripeException exception)
        {
            PaymentsLog.StripeFailed(logger, capture ? "capture" : "void", orderId, tenantId, exception.StripeError?.Code ?? exception.Message);
            return new HoldOutcome(true, false, exception.StripeError?.Message ?? exception.Message);
        }
    }
}

using System.Data.Common;
using Dapper;

namespace Mercato.Server.Payments;

/// <summary>What Mercato created at Stripe for one purchase.</summary>
internal sealed class StripePayment
{
    public long Id { get; set; }

    public long PurchaseId { get; set; }

    public string Mode { get; set; } = "";

    public string? CheckoutSessionId { get; set; }

    public string? PaymentIntentId { get; set; }

    public string? ChargeId { get; set; }

    public string? TransferGroup { get; set; }

    public string? Destination { get; set; }

    public long ApplicationFee { get; set; }

    public long Amount { get; set; }

    public string Currency { get; set; } = "";

    public long CaptureManual { get; set; }

    public long? ProcessorFee { get; set; }

    public string? Url { get; set; }
}

internal sealed class StripeAccount
{
    public long SellerId { get; set; }

    public string AccountId { get; set; } = "";

    public long ChargesEnabled { get; set; }

    public long PayoutsEnabled { get; set; }

    public long DetailsSubmitted { get; set; }
}

/// <summary>The SQL of the Stripe tables: payments per purchase, Connect accounts, refunds by Stripe id, webhook events.</summary>
internal static class StripeStore
{
    private const string PaymentColumns =
        """
        id, purchase_id AS PurchaseId, mode, checkout_session_id AS CheckoutSessionId, payment_intent_id AS PaymentIntentId, charge_id AS ChargeId,
        transfer_group AS TransferGroup, destination, application_fee AS ApplicationFee, amount, currency, capture_manual AS CaptureManual,
        processor_fee AS ProcessorFee, url
        """;

    private const string AccountColumns =
        "seller_id AS SellerId, account_id AS AccountId, charges_enabled AS ChargesEnabled, payouts_enabled AS PayoutsEnabled, details_submitted AS DetailsSubmitted";

    /// <summary>The key of a Stripe POST, derived from our own record so a retry is the same request to Stripe.</summary>
    public static string IdempotencyKey(long tenantId, string purpose, long id) => $"mercato-t{tenantId}-{purpose}-{id}";

    public static Task<StripePayment?> ByPurchaseAsync(DbConnection connection, DbTransaction? transaction, long tenantId, long purchaseId) =>
        connection.QuerySingleOrDefaultAsync<StripePayment>(
            $"SELECT {PaymentColumns} FROM stripe_payments WHERE tenant_id = @tenantId AND purchase_id = @purchaseId", new { tenantId, purchaseId }, transaction);

    public static Task<StripePayment?> ByIntentAsync(DbConnection connection, DbTransaction? transaction, long tenantId, string paymentIntentId) =>
        connection.QuerySingleOrDefaultAsync<StripePayment>(
            $"SELECT {PaymentColumns} FROM stripe_payments WHERE tenant_id = @tenantId AND payment_intent_id = @paymentIntentId", new { tenantId, paymentIntentId }, transaction);

    public static Task<StripePayment?> BySessionAsync(DbConnection connection, DbTransaction? transaction, long tenantId, string sessionId) =>
        connection.QuerySingleOrDefaultAsync<StripePayment>(
            $"SELECT {PaymentColumns} FROM stripe_payments WHERE tenant_id = @tenantId AND checkout_session_id = @sessionId", new { tenantId, sessionId }, transaction);

    /// <summary>Records what Stripe created; a concurrent retry that got the same object from Stripe finds the row already there.</summary>
    public static Task InsertAsync(DbConnection connection, long tenantId, StripePayment payment, DateTimeOffset now) =>
        connection.ExecuteAsync(
            """
            INSERT INTO stripe_payments (tenant_id, purchase_id, mode, checkout_session_id, payment_intent_id, transfer_group, destination,
                                         application_fee, amount, currency, capture_manual, url, created_at)
            VALUES (@tenantId, @PurchaseId, @Mode, @CheckoutSessionId, @PaymentIntentId, @TransferGroup, @Destination,
                    @ApplicationFee, @Amount, @Currency, @CaptureManual, @Url, @now)
            ON CONFLICT (tenant_id, purchase_id) DO NOTHING
            """,
            new
            {
                tenantId,
                payment.PurchaseId,
                payment.Mode,
                payment.CheckoutSessionId,
                payment.PaymentIntentId,
                payment.TransferGroup,
                payment.Destination,
                payment.ApplicationFee,
                payment.Amount,
                payment.Currency,
                payment.CaptureManual,
                payment.Url,
                now,
            });

    public static Task SetIntentAsync(DbConnection connection, DbTransaction? transaction, long tenantId, long id, string paymentIntentId) =>
        connection.ExecuteAsync(
            "UPDATE stripe_payments SET payment_intent_id = @paymentIntentId WHERE tenant_id = @tenantId AND id = @id AND payment_intent_id IS NULL",
            new { tenantId, id, paymentIntentId }, transaction);

    /// <summary>Sets the captured charge and its processing fee once; true for the caller that set them (and books the fee).</summary>
    public static async Task<bool> SetChargeAsync(DbConnection connection, DbTransaction transaction, long tenantId, long id, string chargeId, long processorFee) =>
        await connection.ExecuteAsync(
            "UPDATE stripe_payments SET charge_id = @chargeId, processor_fee = @processorFee WHERE tenant_id = @tenantId AND id = @id AND charge_id IS NULL",
            new { tenantId, id, chargeId, processorFee }, transaction) == 1;

    public static Task<StripeAccount?> AccountAsync(DbConnection connection, DbTransaction? transaction, long tenantId, long sellerId) =>
        connection.QuerySingleOrDefaultAsync<StripeAccount>(
            $"SELECT {AccountColumns} FROM stripe_accounts WHERE tenant_id = @tenantId AND seller_id = @sellerId", new { tenantId, sellerId }, transaction);

    public static Task<StripeAccount?> AccountByIdAsync(DbConnection connection, DbTransaction? transaction, long tenantId, string accountId) =>
        connection.QuerySingleOrDefaultAsync<StripeAccount>(
            $"SELECT {AccountColumns} FROM stripe_accounts WHERE tenant_id = @tenantId AND account_id = @accountId", new { tenantId, accountId }, transaction);

    public static Task SaveAccountAsync(DbConnection connection, DbTransaction? transaction, long tenantId, long sellerId, Stripe.Account account, DateTimeOffset now) =>
        connection.ExecuteAsync(
            """
            INSERT INTO stripe_accounts (tenant_id, seller_id, account_id, charges_enabled, payouts_enabled, details_submitted, updated_at)
            VALUES (@tenantId, @sellerId, @Id, @charges, @payouts, @details, @now)
            ON CONFLICT (tenant_id, seller_id) DO UPDATE SET account_id = excluded.account_id, charges_enabled = excluded.charges_enabled,
                payouts_enabled = excluded.payouts_enabled, details_submitted = excluded.details_submitted, updated_at = excluded.updated_at
            """,
            new
            {
                tenantId,
                sellerId,
                account.Id,
                charges = account.ChargesEnabled ? 1 : 0,
                payouts = account.PayoutsEnabled ? 1 : 0,
                details = account.DetailsSubmitted ? 1 : 0,
                now,
            },
            transaction);

    /// <summary>Records a refund by its Stripe id; false when it was recorded already (by our own refund or an earlier event).</summary>
    public static async Task<bool> TryRecordRefundAsync(
        DbConnection connection, DbTransaction transaction, long tenantId, string refundId, long orderId, long amount, long feeRefunded, long recovered, DateTimeOffset now) =>
        await connection.ExecuteAsync(
            """
            INSERT INTO stripe_refunds (tenant_id, refund_id, order_id, amount, fee_refunded, recovered, created_at)
            VALUES (@tenantId, @refundId, @orderId, @amount, @feeRefunded, @recovered, @now) ON CONFLICT (tenant_id, refund_id) DO NOTHING
            """,
            new { tenantId, refundId, orderId, amount, feeRefunded, recovered, now }, transaction) == 1;

    public static Task<bool> RefundKnownAsync(DbConnection connection, DbTransaction? transaction, long tenantId, string refundId) =>
        connection.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM stripe_refunds WHERE tenant_id = @tenantId AND refund_id = @refundId)", new { tenantId, refundId }, transaction);

    /// <summary>The application fee already given back to the seller for the order's earlier refunds.</summary>
    public static Task<long> FeeRefundedAsync(DbConnection connection, DbTransaction? transaction, long tenantId, long orderId) =>
        connection.ExecuteScalarAsync<long>(
            "SELECT CAST(COALESCE(SUM(fee_refunded), 0) AS bigint) FROM stripe_refunds WHERE tenant_id = @tenantId AND order_id = @orderId",
            new { tenantId, orderId }, transaction);
}

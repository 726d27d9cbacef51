using System.Data.Common;
using Dapper;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Stripe;

namespace Mercato.Server.Payments;

internal sealed record PayoutsPayload;

internal sealed record PayoutRun(IReadOnlyList<PayoutView> Paid, int Waiting);

/// <summary>
/// Pays sellers what the marketplace owes them, per order, once its payment is older than the tenant's hold: a Connect
/// transfer from the purchase's charge (<c>source_transaction</c>) for Stripe, or recorded as paid for the manual
/// provider. One payout row per order (a unique key) and the transfer's idempotency key make "paid twice" impossible:
/// the row is written <c>pending</c> before Stripe is called and <c>paid</c> with the ledger journal after, so a crash
/// between the two is finished by the next run with the same key. A destination charge pays the seller at once; its
/// payout is recorded when the payment is (<see cref="RecordTransferAsync"/>).
/// </summary>
internal sealed class Payouts(Database database, StripeClients clients, PaymentSettingsStore settings, Ledger ledger, TimeProvider time, ILogger<Payouts> logger)
{
    public const string JobKind = "payments.payouts";

    /// <summary>A class, not a positional record: SQLite types aggregate columns by their values, so Dapper maps by name.</summary>
    private sealed class Candidate
    {
        public long OrderId { get; set; }

        public long SellerId { get; set; }

        public string Currency { get; set; } = "";

        public long Payable { get; set; }

        public string Cash { get; set; } = "";

        public long PurchaseId { get; set; }
    }

    public async Task RunAllAsync(CancellationToken cancellationToken)
    {
        List<long> tenants;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            tenants = (await connection.QueryAsync<long>("SELECT id FROM tenants ORDER BY id")).AsList();
        }

        foreach (var tenantId in tenants)
        {
            await RunAsync(tenantId, cancellationToken);
        }
    }

    public async Task<PayoutRun> RunAsync(long tenantId, CancellationToken cancellationToken)
    {
        var tenant = await settings.GetAsync(tenantId, cancellationToken);
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(tenant.PayoutHoldDays);
        List<Candidate> candidates;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            candidates = (await connection.QueryAsync<Candidate>(
                """
                SELECT l.order_id AS OrderId, MIN(l.seller_id) AS SellerId, l.currency, CAST(-SUM(l.amount) AS bigint) AS Payable,
                       (SELECT MIN(c.account) FROM ledger_entries c WHERE c.tenant_id = l.tenant_id AND c.order_id = l.order_id AND c.account LIKE 'cash:%') AS Cash,
                       (SELECT o.purchase_id FROM orders o WHERE o.tenant_id = l.tenant_id AND o.id = l.order_id) AS PurchaseId
                FROM ledger_entries l
                WHERE l.tenant_id = @tenantId AND l.account = @SellerPayable AND l.order_id IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM payouts p WHERE p.tenant_id = l.tenant_id AND p.order_id = l.order_id AND p.status = 'paid')
                  AND EXISTS (SELECT 1 FROM ledger_entries j WHERE j.tenant_id = l.tenant_id AND j.order_id = l.order_id
                              AND j.journal LIKE '%:payment' AND j.created_at <= @cutoff)
                GROUP BY l.tenant_id, l.order_id, l.currency
                HAVING SUM(l.amount) < 0
                ORDER BY l.order_id LIMIT 500
                """,
                new { tenantId, Ledger.SellerPayable, cutoff })).AsList();
        }

        var paid = new List<PayoutView>();
        var waiting = 0;
        foreach (var candidate in candidates)
        {
            var payout = candidate.Cash == Ledger.Cash(StripePaymentProvider.ProviderName)
                ? await TransferAsync(tenantId, candidate, cancellationToken)
                : await RecordAsync(tenantId, candidate, candidate.Cash["cash:".Length..], null, cancellationToken);
            if (payout is null)
            {
                waiting++;
            }
            else
            {
                paid.Add(payout);
            }
        }

        return new PayoutRun(paid, waiting);
    }

    private async Task<PayoutView?> TransferAsync(long tenantId, Candidate candidate, CancellationToken cancellationToken)
    {
        StripePayment? payment;
        StripeAccount? account;
        long amount;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            payment = await StripeStore.ByPurchaseAsync(connection, null, tenantId, candidate.PurchaseId);
            account = await StripeStore.AccountAsync(connection, null, tenantId, candidate.SellerId);
            var reason = payment switch
            {
                null => "no Stripe payment",
                { Destination: not null } => "a destination charge, recorded when the payment is",
                { ChargeId: null } => "the charge is not captured yet",
                _ when account is null => "the seller has no Connect account",
                _ => null,
            };
            if (reason is not null)
            {
                PaymentsLog.PayoutWaits(logger, candidate.OrderId, tenantId, reason);
                return null;
            }

            await connection.ExecuteAsync(
                """
                INSERT INTO payouts (tenant_id, seller_id, order_id, provider, currency, amount, status, created_at)
                VALUES (@tenantId, @SellerId, @OrderId, 'stripe', @Currency, @Payable, 'pending', @now) ON CONFLICT (tenant_id, order_id) DO NOTHING
                """,
                new { tenantId, candidate.SellerId, candidate.OrderId, candidate.Currency, candidate.Payable, now = time.GetUtcNow() });
            // A pending row left by a crash keeps its amount, so the retried transfer is the same request to Stripe.
            amount = await connection.ExecuteScalarAsync<long>(
                "SELECT amount FROM payouts WHERE tenant_id = @tenantId AND order_id = @OrderId", new { tenantId, candidate.OrderId });
        }

        Transfer transfer;
        try
        {
            var client = await clients.RequireAsync(tenantId, cancellationToken);
            transfer = await new TransferService(client).CreateAsync(new TransferCreateOptions
            {
                Amount = amount,
                Currency = candidate.Currency.ToLowerInvariant(),
                Destination = account!.AccountId,
                SourceTransaction = payment!.ChargeId,
                TransferGroup = payment.TransferGroup,
                Metadata = new Dictionary<string, string> { ["mercato_order"] = candidate.OrderId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            }, new RequestOptions { IdempotencyKey = StripeStore.IdempotencyKey(tenantId, "payout", candidate.OrderId) }, cancellationToken);
        }
        catch (Exception exception) when (exception is StripeException or PaymentStartException)
        {
            PaymentsLog.PayoutWaits(logger, candidate.OrderId, tenantId, (exception as StripeException)?.StripeError?.Code ?? exception.Message);
            return null;
        }

        candidate.Payable = amount;
        return await RecordAsync(tenantId, candidate, StripePaymentProvider.ProviderName, transfer.Id, cancellationToken);
    }

    private async Task<PayoutView?> RecordAsync(long tenantId, Candidate candidate, string provider, string? transferId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var done = await RecordTransferAsync(connection, transaction, tenantId, candidate.OrderId, candidate.SellerId, candidate.Currency, candidate.Payable, provider, transferId);
        await transaction.CommitAsync(cancellationToken);
        return done ? new PayoutView(0, candidate.OrderId, candidate.Currency, candidate.Payable, provider, transferId, "paid", time.GetUtcNow()) : null;
    }

    /// <summary>Marks the order's payout paid (inserting it, or moving a pending one) and books it, once; false when it was paid already.</summary>
    public async Task<bool> RecordTransferAsync(
        DbConnection connection, DbTransaction transaction, long tenantId, long orderId, long sellerId, string currency, long amount, string provider, string? transferId)
    {
        var now = time.GetUtcNow();
        var moved = await connection.ExecuteAsync(
            """
            INSERT INTO payouts (tenant_id, seller_id, order_id, provider, currency, amount, transfer_id, status, created_at, paid_at)
            VALUES (@tenantId, @sellerId, @orderId, @provider, @currency, @amount, @transferId, 'paid', @now, @now)
            ON CONFLICT (tenant_id, order_id) DO UPDATE SET status = 'paid', transfer_id = excluded.transfer_id, paid_at = excluded.paid_at
            WHERE payouts.status = 'pending'
            """,
            new { tenantId, sellerId, orderId, provider, currency, amount, transferId, now }, transaction);
        if (moved == 0)
        {
            return false;
        }

        await ledger.PostAsync(connection, transaction, tenantId, $"order:{orderId}:payout", orderId, currency,
            [new(Ledger.SellerPayable, amount, sellerId), new(Ledger.Cash(provider), -amount)]);
        PaymentsLog.PaidOut(logger, orderId, sellerId, tenantId, amount, currency, transferId ?? "recorded");
        return true;
    }

    public static async Task<Results<Ok<PayoutRun>, ProblemHttpResult>> RunEndpointAsync(Tenant tenant, Caller caller, Payouts payouts, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin)
        {
            return caller.IsAuthenticated ? Access.AdminOnly() : Access.Unauthenticated();
        }

        return TypedResults.Ok(await payouts.RunAsync(tenant.Id, cancellationToken));
    }
}

/// <summary><c>payments.payouts</c>, on the <c>Mercato:Payments:PayoutCron</c> schedule: every tenant's due payouts (or one tenant's).</summary>
internal sealed class PayoutsJob(Payouts payouts) : IJobHandler<PayoutsPayload>
{
    public Task HandleAsync(PayoutsPayload payload, JobContext context, CancellationToken cancellationToken) =>
        context.TenantId is { } tenantId ? payouts.RunAsync(tenantId, cancellationToken) : payouts.RunAllAsync(cancellationToken);
}

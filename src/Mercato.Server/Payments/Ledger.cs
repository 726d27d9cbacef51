using System.Data.Common;
using System.Globalization;
using Dapper;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Payments;

/// <summary>One line of a journal: debits are positive, credits negative, in minor units of the journal's currency.</summary>
internal sealed record LedgerLine(string Account, long Amount, long? SellerId = null);

public sealed class LedgerEntry
{
    public long Id { get; set; }

    public string Journal { get; set; } = "";

    public long? OrderId { get; set; }

    public long? SellerId { get; set; }

    public string Account { get; set; } = "";

    public string Currency { get; set; } = "";

    public long Amount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed record ReconciliationRow(string Currency, string Account, long Debits, long Credits, long Net);

/// <summary>
/// The double-entry ledger: append-only, one journal per money event (an order's payment, each refund), and every
/// journal's lines sum to zero, so every order's do too. Accounts: <c>cash:{provider}</c> (money the processor holds
/// for us), <c>platform_fees</c>, <c>tax_payable</c>, <c>seller_payable</c> (per seller; a credit balance is what the
/// marketplace owes the seller; a debit balance is what the seller owes after a refund of money already paid out),
/// <c>processor_fees</c> (what the processor charged the platform).
/// </summary>
internal sealed class Ledger(TimeProvider time, ILogger<Ledger> logger)
{
    public const string PlatformFees = "platform_fees";
    public const string TaxPayable = "tax_payable";
    public const string SellerPayable = "seller_payable";
    public const string ProcessorFees = "processor_fees";

    public static string Cash(string provider) => $"cash:{provider}";

    /// <summary>Appends one balanced journal in the caller's transaction; refuses (throws) an unbalanced one, which is a bug.</summary>
    public async Task PostAsync(
        DbConnection connection, DbTransaction transaction, long tenantId, string journal, long? orderId, string currency, IReadOnlyList<LedgerLine> lines)
    {
        if (lines.Sum(l => l.Amount) != 0)
        {
            throw new InvalidOperationException($"journal {journal} does not balance: {string.Join(", ", lines.Select(l => $"{l.Account} {l.Amount}"))}");
        }

        var now = time.GetUtcNow();
        var day = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var rows = lines.Where(l => l.Amount != 0).Select(l => new { tenantId, journal, orderId, sellerId = l.SellerId, account = l.Account, currency, amount = l.Amount, day, now }).ToList();
        await connection.ExecuteAsync(
            """
            INSERT INTO ledger_entries (tenant_id, journal, order_id, seller_id, account, currency, amount, day, created_at)
            VALUES (@tenantId, @journal, @orderId, @sellerId, @account, @currency, @amount, @day, @now)
            """,
            rows, transaction);
        PaymentsLog.Posted(logger, journal, tenantId, rows.Count, currency);
    }

    public static async Task<IReadOnlyList<LedgerEntry>> OrderEntriesAsync(DbConnection connection, long tenantId, long orderId) =>
        (await connection.QueryAsync<LedgerEntry>(
            """
            SELECT id, journal, order_id AS OrderId, seller_id AS SellerId, account, currency, amount, created_at AS CreatedAt
            FROM ledger_entries WHERE tenant_id = @tenantId AND order_id = @orderId ORDER BY id
            """,
            new { tenantId, orderId })).AsList();

    /// <summary>What the marketplace owes the seller per currency (the credit balance of its payable account).</summary>
    public static async Task<IReadOnlyDictionary<string, long>> SellerBalanceAsync(DbConnection connection, long tenantId, long sellerId) =>
        (await connection.QueryAsync<(string Currency, long Amount)>(
            "SELECT currency, CAST(-SUM(amount) AS bigint) FROM ledger_entries WHERE tenant_id = @tenantId AND seller_id = @sellerId AND account = @SellerPayable GROUP BY currency ORDER BY currency",
            new { tenantId, sellerId, SellerPayable })).ToDictionary(r => r.Currency, r => r.Amount, StringComparer.Ordinal);

    /// <summary>Per currency and account, the day's debits, credits and net movement.</summary>
    public static async Task<IReadOnlyList<ReconciliationRow>> DayAsync(DbConnection connection, long tenantId, DateOnly day) =>
        (await connection.QueryAsync<ReconciliationRow>(
            """
            SELECT currency, account,
                   CAST(SUM(CASE WHEN amount > 0 THEN amount ELSE 0 END) AS bigint) AS Debits,
                   CAST(-SUM(CASE WHEN amount < 0 THEN amount ELSE 0 END) AS bigint) AS Credits,
                   CAST(SUM(amount) AS bigint) AS Net
            FROM ledger_entries WHERE tenant_id = @tenantId AND day = @day
            GROUP BY currency, account ORDER BY currency, account
            """,
            new { tenantId, day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) })).AsList();

    /// <summary>The sum of every entry of the tenant, per currency: zero unless something is wrong.</summary>
    public static async Task<long> ImbalanceAsync(DbConnection connection, long tenantId) =>
        (await connection.QueryAsync<long>("SELECT CAST(ABS(SUM(amount)) AS bigint) FROM ledger_entries WHERE tenant_id = @tenantId GROUP BY currency", new { tenantId })).Sum();
}

/// <summary>How a payment or refund splits between the seller, the platform and the tax authority.</summary>
internal static class LedgerSplits
{
    /// <summary>The buyer paid <paramref name="total"/>: the processor holds it, tax and fee are set aside, the rest is owed to the seller.</summary>
    public static IReadOnlyList<LedgerLine> Payment(string provider, long sellerId, long total, long tax, long fee) =>
    [
        new(Ledger.Cash(provider), total),
        new(Ledger.TaxPayable, -tax),
        new(Ledger.PlatformFees, -fee),
        new(Ledger.SellerPayable, -(total - tax - fee), sellerId),
    ];

    /// <summary>
    /// A refund of <paramref name="amount"/> after <paramref name="refundedBefore"/> was already refunded: tax and fee
    /// come back in proportion, computed on the running total so that a full refund in any number of parts returns
    /// exactly the tax and fee that were taken.
    /// </summary>
    public static IReadOnlyList<LedgerLine> Refund(string provider, long sellerId, long total, long tax, long fee, long refundedBefore, long amount)
    {
        var after = refundedBefore + amount;
        var taxBack = Share(tax, after, total) - Share(tax, refundedBefore, total);
        var feeBack = Share(fee, after, total) - Share(fee, refundedBefore, total);
        return
        [
            new(Ledger.Cash(provider), -amount),
            new(Ledger.TaxPayable, taxBack),
            new(Ledger.PlatformFees, feeBack),
            new(Ledger.SellerPayable, amount - taxBack - feeBack, sellerId),
        ];
    }

    private static long Share(long part, long refunded, long total) => total == 0 ? 0 : (long)((Int128)part * refunded / total);
}

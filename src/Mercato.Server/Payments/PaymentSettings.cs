using System.Collections.Concurrent;
using System.Data.Common;
using Dapper;
using Mercato.Server.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Payments;

/// <summary>
/// A tenant's payment settings. The Stripe keys are only ever held in clear here, in memory; the database keeps them
/// protected with ASP.NET Core Data Protection (whose key ring is in the database, so every node and every restart can
/// read them).
/// </summary>
internal sealed record TenantPaymentSettings(
    string Provider, int PayoutHoldDays, bool ReverseTransfer, bool RefundApplicationFee, string? StripeSecretKey, string? StripeWebhookSecret)
{
    public bool StripeConfigured => StripeSecretKey is not null;
}

/// <summary>Reads and writes <c>payment_settings</c>; reads are cached for a few seconds per node because checkout reads them on every purchase.</summary>
internal sealed class PaymentSettingsStore(Database database, IDataProtectionProvider protection, IOptions<PaymentsOptions> options, TimeProvider time)
{
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);
    private readonly IDataProtector _protector = protection.CreateProtector("Mercato.Payments.StripeKeys.v1");
    private readonly ConcurrentDictionary<long, (TenantPaymentSettings Settings, DateTimeOffset Until)> _cache = new();

    public TenantPaymentSettings Defaults => new(options.Value.Provider, options.Value.PayoutHoldDays, true, true, null, null);

    public async Task<TenantPaymentSettings> GetAsync(long tenantId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_cache.TryGetValue(tenantId, out var cached) && cached.Until > now)
        {
            return cached.Settings;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var settings = await ReadAsync(connection, null, tenantId);
        _cache[tenantId] = (settings, now + CacheFor);
        return settings;
    }

    public async Task<TenantPaymentSettings> ReadAsync(DbConnection connection, DbTransaction? transaction, long tenantId)
    {
        var row = await connection.QuerySingleOrDefaultAsync<(string Provider, long Hold, long Reverse, long RefundFee, string? Key, string? Webhook)>(
            """
            SELECT provider, payout_hold_days, refund_reverse_transfer, refund_application_fee, stripe_secret_key, stripe_webhook_secret
            FROM payment_settings WHERE tenant_id = @tenantId
            """,
            new { tenantId }, transaction);
        return row.Provider is null
            ? Defaults
            : new TenantPaymentSettings(row.Provider, (int)row.Hold, row.Reverse != 0, row.RefundFee != 0, Unprotect(row.Key), Unprotect(row.Webhook));
    }

    public async Task SaveAsync(long tenantId, TenantPaymentSettings settings, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO payment_settings (tenant_id, provider, payout_hold_days, refund_reverse_transfer, refund_application_fee, stripe_secret_key, stripe_webhook_secret, updated_at)
            VALUES (@tenantId, @Provider, @PayoutHoldDays, @reverse, @refundFee, @key, @webhook, @now)
            ON CONFLICT (tenant_id) DO UPDATE SET provider = excluded.provider, payout_hold_days = excluded.payout_hold_days,
                refund_reverse_transfer = excluded.refund_reverse_transfer, refund_application_fee = excluded.refund_application_fee,
                stripe_secret_key = excluded.stripe_secret_key, stripe_webhook_secret = excluded.stripe_webhook_secret, updated_at = excluded.updated_at
            """,
            new
            {
                tenantId,
                settings.Provider,
                settings.PayoutHoldDays,
                reverse = settings.ReverseTransfer ? 1 : 0,
                refundFee = settings.RefundApplicationFee ? 1 : 0,
                key = Protect(settings.StripeSecretKey),
                webhook = Protect(settings.StripeWebhookSecret),
                now = time.GetUtcNow(),
            });
        _cache.TryRemove(tenantId, out _);
    }

    private string? Protect(string? secret) => secret is null ? null : _protector.Protect(secret);

    private string? Unprotect(string? stored) => stored is null ? null : _protector.Unprotect(stored);
}

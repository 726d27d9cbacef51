using System.Data.Common;

namespace Mercato.Server.Payments;

/// <summary>
/// What a buyer does next to pay a purchase: nothing online for the manual provider; for Stripe a hosted page
/// (<see cref="RedirectUrl"/>) or a PaymentIntent to confirm with <see cref="ClientSecret"/>.
/// </summary>
public sealed record PaymentStart(
    string Provider, string NextAction, string? RedirectUrl, string? ClientSecret = null, string? PaymentIntentId = null, string? CheckoutSessionId = null,
    string? Error = null);

/// <summary>One seller's order of a purchase, as the provider needs it to charge and split the money.</summary>
internal sealed record PaymentOrder(long OrderId, long SellerId, string Process, long Total, long Tax, long PlatformFee);

/// <summary>
/// Start paying a purchase that is already committed. <see cref="Mode"/> is <c>checkout</c> (a hosted page) or
/// <c>intent</c> (an API buyer confirms a PaymentIntent itself); <see cref="Site"/> is the storefront's base URL;
/// <see cref="CaptureLater"/> asks for an authorization only (a vehicle deposit), captured or voided by the process.
/// </summary>
internal sealed record PaymentStartRequest(
    long TenantId, long PurchaseId, string Currency, string BuyerEmail, string Mode, Uri Site, bool CaptureLater, IReadOnlyList<PaymentOrder> Orders);

/// <summary>
/// A refund the provider is asked to make for an order it was paid through, in the caller's transaction so that what
/// the provider records about it commits with the order's refund. <see cref="RefundedBefore"/> and the order's split
/// let it work out how much to take back from the seller.
/// </summary>
internal sealed record RefundRequest(
    DbConnection Connection, DbTransaction Transaction, long TenantId, long PurchaseId, long OrderId, long SellerId, string Currency,
    long Amount, long RefundedBefore, long Total, long Tax, long PlatformFee, string IdempotencyKey);

/// <summary><see cref="Recovered"/>: what was taken back from the seller after a payout (a transfer reversal), for the ledger.</summary>
internal sealed record RefundOutcome(bool Succeeded, string? Reference, string? FailureReason, long Recovered = 0);

/// <summary>The outcome of capturing or voiding an authorization: <see cref="Held"/> false when nothing was held (pay-on-confirmation providers).</summary>
internal sealed record HoldOutcome(bool Held, bool Succeeded, string? FailureReason);

/// <summary>A provider could not start a payment (the processor refused or could not be reached); the purchase stays pending.</summary>
internal sealed class PaymentStartException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The seam between orders and whoever moves the money. Orders call it; it never writes order state or the ledger
/// (the order process does both, in one transaction, whichever provider was used). <see cref="StartAsync"/> is called
/// after checkout has committed, never inside a database transaction.
/// </summary>
internal interface IPaymentProvider
{
    string Name { get; }

    /// <summary>True when a seller or operator confirms payment by hand (money received outside Mercato).</summary>
    bool ConfirmsByHand { get; }

    Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken);

    Task<RefundOutcome> RefundAsync(RefundRequest request, CancellationToken cancellationToken);

    /// <summary>Captures (<paramref name="capture"/>) or voids the authorization a purchase holds, if it holds one.</summary>
    Task<HoldOutcome> SettleHoldAsync(long tenantId, long purchaseId, long orderId, bool capture, CancellationToken cancellationToken);
}

/// <summary>
/// Offline payments: the buyer pays by bank transfer, cash or card terminal, and the seller or operator marks the order
/// paid. Refunds are recorded as made outside Mercato, so they always succeed here.
/// </summary>
internal sealed class ManualPaymentProvider : IPaymentProvider
{
    public const string ProviderName = "manual";

    public string Name => ProviderName;

    public bool ConfirmsByHand => true;

    public Task<PaymentStart> StartAsync(PaymentStartRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new PaymentStart(Name, "await_manual_confirmation", null));

    public Task<RefundOutcome> RefundAsync(RefundRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new RefundOutcome(true, $"manual-refund-{request.IdempotencyKey}", null));

    public Task<HoldOutcome> SettleHoldAsync(long tenantId, long purchaseId, long orderId, bool capture, CancellationToken cancellationToken) =>
        Task.FromResult(new HoldOutcome(false, true, null));
}

/// <summary>The providers this program has, by name; the tenant's settings (else <see cref="PaymentsOptions.Provider"/>) pick the one new orders use.</summary>
internal sealed class PaymentProviders(IEnumerable<IPaymentProvider> providers, PaymentSettingsStore settings)
{
    private readonly Dictionary<string, IPaymentProvider> _byName = providers.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public async Task<IPaymentProvider> ForTenantAsync(long tenantId, CancellationToken cancellationToken) =>
        Get((await settings.GetAsync(tenantId, cancellationToken)).Provider);

    public IPaymentProvider Get(string name) =>
        _byName.TryGetValue(name, out var provider) ? provider : throw new InvalidOperationException($"unknown payment provider '{name}'");

    public bool Has(string name) => _byName.ContainsKey(name);
}

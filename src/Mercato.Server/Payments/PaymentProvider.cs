namespace Mercato.Server.Payments;

/// <summary>What a buyer does next to pay an order: nothing online for the manual provider; a hosted page for Stripe later.</summary>
public sealed record PaymentStart(string Provider, string NextAction, string? RedirectUrl);

/// <summary>A refund the provider is asked to make for an order it was paid through.</summary>
internal sealed record RefundRequest(long TenantId, long OrderId, string Currency, long Amount, string IdempotencyKey);

internal sealed record RefundOutcome(bool Succeeded, string? Reference, string? FailureReason);

/// <summary>
/// The seam between orders and whoever moves the money. Orders call it; it never writes order state or the ledger
/// (the order process does both, in one transaction, whichever provider was used). The manual provider is the
/// offline default; a Stripe provider comes later behind the same interface.
/// </summary>
internal interface IPaymentProvider
{
    string Name { get; }

    /// <summary>True when a seller or operator confirms payment by hand (money received outside Mercato).</summary>
    bool ConfirmsByHand { get; }

    PaymentStart Start(long orderId, string currency, long amount);

    Task<RefundOutcome> RefundAsync(RefundRequest request, CancellationToken cancellationToken);
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

    public PaymentStart Start(long orderId, string currency, long amount) => new(Name, "await_manual_confirmation", null);

    public Task<RefundOutcome> RefundAsync(RefundRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new RefundOutcome(true, $"manual-refund-{request.IdempotencyKey}", null));
}

/// <summary>The providers this program has, by name; <see cref="PaymentsOptions.Provider"/> picks the one new orders use.</summary>
internal sealed class PaymentProviders(IEnumerable<IPaymentProvider> providers, Microsoft.Extensions.Options.IOptions<PaymentsOptions> options)
{
    private readonly Dictionary<string, IPaymentProvider> _byName = providers.ToDictionary(p => p.Name, StringComparer.Ordinal);

    public IPaymentProvider Default => Get(options.Value.Provider);

    public IPaymentProvider Get(string name) =>
        _byName.TryGetValue(name, out var provider) ? provider : throw new InvalidOperationException($"unknown payment provider '{name}'");

    public bool Has(string name) => _byName.ContainsKey(name);
}

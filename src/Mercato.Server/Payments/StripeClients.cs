using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Stripe;

namespace Mercato.Server.Payments;

/// <summary>
/// Stripe.net clients, one per secret key (tenants have their own Stripe accounts), all pointed at
/// <see cref="PaymentsOptions.StripeApiBase"/>, over the outbound <c>HttpClient</c> every call out of the process takes
/// (address policy, timeouts). Stripe.net retries network failures itself, with our idempotency keys. A tenant without
/// keys has no client: the caller answers a problem.
/// </summary>
internal sealed class StripeClients(PaymentSettingsStore settings, IHttpClientFactory http, IOptions<PaymentsOptions> options)
{
    public const string HttpClientName = "stripe";

    private readonly ConcurrentDictionary<string, StripeClient> _clients = new(StringComparer.Ordinal);

    public async Task<(IStripeClient? Client, TenantPaymentSettings Settings)> ForTenantAsync(long tenantId, CancellationToken cancellationToken)
    {
        var tenant = await settings.GetAsync(tenantId, cancellationToken);
        return (tenant.StripeSecretKey is { } key ? For(key) : null, tenant);
    }

    public async Task<IStripeClient> RequireAsync(long tenantId, CancellationToken cancellationToken) =>
        (await ForTenantAsync(tenantId, cancellationToken)).Client
        ?? throw new PaymentStartException("Stripe is not configured for this marketplace: PUT /api/payments/stripe/settings first.");

    private StripeClient For(string secretKey) => _clients.GetOrAdd(secretKey, key =>
    {
        var apiBase = options.Value.StripeApiBase.TrimEnd('/');
        return new StripeClient(new StripeClientOptions
        {
            ApiKey = key,
            ApiBase = apiBase,
            ConnectBase = apiBase,
            FilesBase = apiBase,
            HttpClient = new SystemNetHttpClient(http.CreateClient(HttpClientName), maxNetworkRetries: 2),
        });
    });
}

using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Payments;

internal sealed record RefundPolicyBody(bool? ReverseTransfer, bool? RefundApplicationFee);

internal sealed record PaymentSettingsBody(string? Provider, int? PayoutHoldDays, RefundPolicyBody? RefundPolicy);

internal sealed record StripeSettingsBody(string? SecretKey, string? WebhookSecret);

internal sealed record StripeSettingsView(bool Configured, string? SecretKeyHint, bool WebhookSecretSet);

internal sealed record PaymentSettingsView(string Provider, int PayoutHoldDays, RefundPolicyBody RefundPolicy, StripeSettingsView Stripe)
{
    public static PaymentSettingsView From(TenantPaymentSettings s) => new(
        s.Provider, s.PayoutHoldDays, new RefundPolicyBody(s.ReverseTransfer, s.RefundApplicationFee),
        new StripeSettingsView(s.StripeConfigured, s.StripeSecretKey is { Length: > 12 } key ? key[..8] + "…" + key[^4..] : null, s.StripeWebhookSecret is not null));
}

/// <summary>The marketplace's payment settings: which provider new orders use, the payout hold, the refund policy and the Stripe keys. Operators only.</summary>
internal static class PaymentSettingsEndpoints
{
    public static async Task<Results<Ok<PaymentSettingsView>, ProblemHttpResult>> GetAsync(Tenant tenant, Caller caller, PaymentSettingsStore store, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin)
        {
            return caller.IsAuthenticated ? Access.AdminOnly() : Access.Unauthenticated();
        }

        return TypedResults.Ok(PaymentSettingsView.From(await store.GetAsync(tenant.Id, cancellationToken)));
    }

    public static async Task<Results<Ok<PaymentSettingsView>, ProblemHttpResult>> PutAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, PaymentSettingsStore store, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin)
        {
            return caller.IsAuthenticated ? Access.AdminOnly() : Access.Unauthenticated();
        }

        var (body, problem) = await RequestBody.ReadAsync<PaymentSettingsBody>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var current = await store.ReadAsync(connection, null, tenant.Id);
        var errors = new Dictionary<string, string[]>();
        var provider = body!.Provider ?? current.Provider;
        if (provider is not (ManualPaymentProvider.ProviderName or StripePaymentProvider.ProviderName))
        {
            errors["provider"] = ["must be manual or stripe"];
        }
        else if (provider == StripePaymentProvider.ProviderName && (!current.StripeConfigured || current.StripeWebhookSecret is null))
        {
            errors["provider"] = ["stripe needs the secret key and the webhook secret first: PUT /api/payments/stripe/settings"];
        }

        if (body.PayoutHoldDays is < 0 or > 365)
        {
            errors["payoutHoldDays"] = ["must be 0 to 365 days"];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var updated = current with
        {
            Provider = provider,
            PayoutHoldDays = body.PayoutHoldDays ?? current.PayoutHoldDays,
            ReverseTransfer = body.RefundPolicy?.ReverseTransfer ?? current.ReverseTransfer,
            RefundApplicationFee = body.RefundPolicy?.RefundApplicationFee ?? current.RefundApplicationFee,
        };
        await store.SaveAsync(tenant.Id, updated, cancellationToken);
        return TypedResults.Ok(PaymentSettingsView.From(updated));
    }

    public static async Task<Results<Ok<PaymentSettingsView>, ProblemHttpResult>> PutStripeAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, PaymentSettingsStore store, CancellationToken cancellationToken)
    {
        if (!caller.IsAdmin)
        {
            return caller.IsAuthenticated ? Access.AdminOnly() : Access.Unauthenticated();
        }

        var (body, problem) = await RequestBody.ReadAsync<StripeSettingsBody>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (body!.SecretKey is not { Length: >= 10 and <= 255 } key || !(key.StartsWith("sk_", StringComparison.Ordinal) || key.StartsWith("rk_", StringComparison.Ordinal)) || key.Any(char.IsWhiteSpace))
        {
            errors["secretKey"] = ["must be a Stripe secret (sk_…) or restricted (rk_…) key"];
        }

        if (body.WebhookSecret is not { Length: >= 10 and <= 255 } secret || !secret.StartsWith("whsec_", StringComparison.Ordinal) || secret.Any(char.IsWhiteSpace))
        {
            errors["webhookSecret"] = ["must be the signing secret (whsec_…) of the webhook endpoint"];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var updated = await store.ReadAsync(connection, null, tenant.Id) with { StripeSecretKey = body.SecretKey, StripeWebhookSecret = body.WebhookSecret };
        await store.SaveAsync(tenant.Id, updated, cancellationToken);
        return TypedResults.Ok(PaymentSettingsView.From(updated));
    }
}

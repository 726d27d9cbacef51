using System.ComponentModel.DataAnnotations;

namespace Mercato.Server.Payments;

/// <summary>Settings of payments: <c>Mercato:Payments</c>. A tenant's own settings (<c>PUT /api/payments/settings</c>) override the defaults.</summary>
internal sealed class PaymentsOptions : IValidatableObject
{
    public const string Section = "Mercato:Payments";

    /// <summary>The provider of a tenant that has not chosen one: <c>manual</c> (offline, no keys) or <c>stripe</c>.</summary>
    [Required]
    [AllowedValues(ManualPaymentProvider.ProviderName, StripePaymentProvider.ProviderName)]
    public string Provider { get; set; } = ManualPaymentProvider.ProviderName;

    /// <summary>Where Stripe.net sends its requests; tests point it at the emulator.</summary>
    [Required]
    public string StripeApiBase { get; set; } = "https://api.stripe.com";

    /// <summary>When the payouts job runs (Cronos syntax, UTC).</summary>
    [Required]
    public string PayoutCron { get; set; } = "@hourly";

    /// <summary>Days a seller's payable is held after payment before it is paid out, unless the tenant says otherwise.</summary>
    [Range(0, 365)]
    public int PayoutHoldDays { get; set; } = 7;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(StripeApiBase, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            yield return new ValidationResult("StripeApiBase must be an absolute http(s) URL", [nameof(StripeApiBase)]);
        }

        if (!Jobs.CronSchedule.TryParse(PayoutCron, out _, out var error))
        {
            yield return new ValidationResult($"PayoutCron: {error}", [nameof(PayoutCron)]);
        }
    }
}

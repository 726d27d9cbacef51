using System.ComponentModel.DataAnnotations;

namespace Mercato.Server.Payments;

/// <summary>Settings of payments: <c>Mercato:Payments</c>.</summary>
internal sealed class PaymentsOptions
{
    public const string Section = "Mercato:Payments";

    /// <summary>The provider new orders are paid through; <c>manual</c> (offline, no keys) is the only one so far.</summary>
    [Required]
    [AllowedValues(ManualPaymentProvider.ProviderName)]
    public string Provider { get; set; } = ManualPaymentProvider.ProviderName;
}

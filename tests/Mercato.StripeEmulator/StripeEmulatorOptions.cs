namespace Mercato.StripeEmulator;

/// <summary>How an emulator instance behaves; the defaults suit tests.</summary>
public sealed class StripeEmulatorOptions
{
    /// <summary>The only secret key the emulator accepts as a bearer token.</summary>
    public string SecretKey { get; set; } = "sk_test_emulator";

    /// <summary>
    /// Written into every event's <c>api_version</c>. Stripe.net rejects events of another version, so tests set
    /// it to <c>StripeConfiguration.ApiVersion</c>.
    /// </summary>
    public string ApiVersion { get; set; } = "2026-10-28.endive";

    /// <summary>Stripe's processing fee on a card charge: basis points of the amount plus a fixed part.</summary>
    public int ProcessingFeeBasisPoints { get; set; } = 290;

    public long ProcessingFeeFixed { get; set; } = 30;

    /// <summary>
    /// Pause before each retry of a failed webhook delivery. Stripe waits up to three days; tests cannot, so the
    /// schedule is short. The number of entries is the number of retries.
    /// </summary>
    public IReadOnlyList<TimeSpan> WebhookRetryDelays { get; set; } =
        [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)];

    /// <summary>The clock for <c>created</c> and signature timestamps.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}

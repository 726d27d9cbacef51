namespace Mercato.StripeEmulator;

/// <summary>Where events go, and the secret that signs them.</summary>
public sealed record WebhookEndpoint(string Id, Uri Url, string Secret, IReadOnlyList<string> EnabledEvents)
{
    public bool Accepts(string type) => EnabledEvents.Count == 0 || EnabledEvents.Contains("*") || EnabledEvents.Contains(type);
}

namespace Mercato.StripeEmulator;

/// <summary>One POST of one event to one endpoint; <c>StatusCode</c> is null when the endpoint could not be reached.</summary>
public sealed record WebhookDeliveryAttempt(
    string EventId, string EventType, Uri Url, int Attempt, int? StatusCode, string SignatureHeader, string Payload)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

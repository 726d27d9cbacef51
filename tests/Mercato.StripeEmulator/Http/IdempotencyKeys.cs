using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Mercato.StripeEmulator.Http;

/// <summary>
/// Stripe's idempotency: a key is scoped to the account, remembers the first request's parameters and response for
/// 24 hours, replays that response for the same parameters and refuses other parameters or a concurrent reuse.
/// </summary>
internal sealed class IdempotencyKeys(TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private readonly ConcurrentDictionary<(string? Account, string Key), Entry> entries = new();

    public sealed record Entry(string Fingerprint, DateTimeOffset Created)
    {
        public int Status { get; set; }

        public JsonObject? Body { get; set; }

        public string? RequestId { get; set; }

        public bool Done => Body is not null;
    }

    /// <summary>Claims the key for this request, or says what to answer instead.</summary>
    public (Entry Entry, bool Claimed) Claim(string? account, string key, string fingerprint)
    {
        var now = time.GetUtcNow();
        while (true)
        {
            var fresh = new Entry(fingerprint, now);
            var entry = entries.GetOrAdd((account, key), fresh);
            if (ReferenceEquals(entry, fresh))
            {
                return (entry, true);
            }

            if (now - entry.Created < Lifetime)
            {
                return (entry, false);
            }

            entries.TryRemove(new((account, key), entry));
        }
    }

    /// <summary>
    /// Keeps the outcome when the request got as far as executing (success or a card decline); parameter errors
    /// free the key again, as on Stripe.
    /// </summary>
    public void Complete(string? account, string key, Entry entry, int status, JsonObject body, string requestId)
    {
        if (status is < 400 or 402)
        {
            entry.Status = status;
            entry.RequestId = requestId;
            entry.Body = body;
        }
        else
        {
            entries.TryRemove(new((account, key), entry));
        }
    }
}

using System.Text.Json.Nodes;

namespace Mercato.StripeEmulator.Http;

/// <summary>Stripe's list endpoints: newest first, <c>limit</c>, cursor pagination, and equality filters.</summary>
internal static class Lists
{
    private static readonly string[] Reserved = ["limit", "starting_after", "ending_before", "expand", "created"];

    public static JsonObject Page(ApiRequest r, IEnumerable<JsonObject> items, string url)
    {
        var limit = r.Form.Long("limit") ?? 10;
        if (limit is < 1 or > 100)
        {
            throw StripeError.Invalid("This value must be between 1 and 100.", "limit");
        }

        // Stripe filters lists by parameters named after the objects' fields (transfer_group, payment_intent, ...).
        var filters = r.Form.Root.Where(p => !Reserved.Contains(p.Key) && p.Value is JsonValue).ToList();
        var all = items.Reverse()
            .Where(o => filters.All(f => o[f.Key] is JsonValue v && v.ToString() == f.Value!.ToString()))
            .ToList();
        if (r.Form.String("starting_after") is { } after)
        {
            all = all.SkipWhile(o => (string)o["id"]! != after).Skip(1).ToList();
        }
        else if (r.Form.String("ending_before") is { } before)
        {
            all = all.TakeWhile(o => (string)o["id"]! != before).TakeLast((int)limit).ToList();
        }

        return Expander.ListOf(all.Take((int)limit), url, all.Count > limit);
    }
}

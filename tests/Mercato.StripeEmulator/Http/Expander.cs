using System.Text.Json.Nodes;

namespace Mercato.StripeEmulator.Http;

/// <summary>
/// <c>expand[]</c>: each dotted path names a field holding an id that is replaced by the object itself; lists are
/// walked through their <c>data</c>; a Checkout Session's <c>line_items</c> are included only when asked for.
/// </summary>
internal static class Expander
{
    public static void Expand(JsonObject root, IEnumerable<string> paths, EmulatorState state)
    {
        foreach (var path in paths)
        {
            Walk(root, path.Split('.'), 0, state);
        }
    }

    private static void Walk(JsonNode? node, string[] parts, int index, EmulatorState state)
    {
        if (index == parts.Length || node is null)
        {
            return;
        }

        if (node is JsonArray array)
        {
            foreach (var item in array)
            {
                Walk(item, parts, index, state);
            }

            return;
        }

        if (node is not JsonObject obj)
        {
            return;
        }

        var name = parts[index];
        if (name == "line_items" && (string?)obj["object"] == "checkout.session" && obj["line_items"] is null)
        {
            obj["line_items"] = ListOf(state.LineItems.GetValueOrDefault((string)obj["id"]!) ?? [], $"/v1/checkout/sessions/{obj["id"]}/line_items");
        }

        if (obj[name] is JsonValue value && value.TryGetValue<string>(out var id) && state.Find(id) is { } target)
        {
            obj[name] = target.DeepClone();
        }

        Walk(obj[name], parts, index + 1, state);
    }

    public static JsonObject ListOf(IEnumerable<JsonNode?> items, string url, bool hasMore = false) => new()
    {
        ["object"] = "list",
        ["data"] = new JsonArray(items.Select(i => i?.DeepClone()).ToArray()),
        ["has_more"] = hasMore,
        ["url"] = url,
    };
}

using System.Globalization;
using System.Text.Json.Nodes;

namespace Mercato.StripeEmulator.Http;

/// <summary>
/// Stripe's form encoding (<c>a[b][c]=v</c>, <c>list[0][x]=v</c>, <c>expand[]=v</c>) read into a tree of objects,
/// arrays and string leaves, with typed getters that fail the way Stripe does.
/// </summary>
internal sealed class FormParameters
{
    private FormParameters(JsonObject root, string fingerprint)
    {
        Root = root;
        Fingerprint = fingerprint;
    }

    public JsonObject Root { get; }

    /// <summary>The parameters in a canonical order: what idempotency compares.</summary>
    public string Fingerprint { get; }

    public static FormParameters Parse(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var root = new JsonObject();
        var canonical = new List<string>();
        foreach (var (key, value) in pairs)
        {
            canonical.Add(key + "=" + value);
            Insert(root, Segments(key), value);
        }

        canonical.Sort(StringComparer.Ordinal);
        return new FormParameters((JsonObject)ToArrays(root, null)!, string.Join('&', canonical));
    }

    private static List<string> Segments(string key)
    {
        var open = key.IndexOf('[', StringComparison.Ordinal);
        if (open < 0)
        {
            return [key];
        }

        var segments = new List<string> { key[..open] };
        while (open >= 0 && open < key.Length)
        {
            var close = key.IndexOf(']', open);
            if (close < 0)
            {
                break;
            }

            segments.Add(key[(open + 1)..close]);
            open = close + 1 < key.Length && key[close + 1] == '[' ? close + 1 : -1;
        }

        return segments;
    }

    private static void Insert(JsonObject node, List<string> segments, string value)
    {
        for (var i = 0; i < segments.Count; i++)
        {
            // "list[]" appends: number it after what the list already holds.
            var name = segments[i].Length == 0 ? node.Count.ToString(CultureInfo.InvariantCulture) : segments[i];
            if (i == segments.Count - 1)
            {
                node[name] = value;
                return;
            }

            if (node[name] is not JsonObject child)
            {
                child = new JsonObject();
                node[name] = child;
            }

            node = child;
        }
    }

    // Objects whose keys are all indexes become arrays, except metadata, whose keys are the caller's own.
    private static JsonNode? ToArrays(JsonNode? node, string? name)
    {
        if (node is not JsonObject obj)
        {
            return node?.DeepClone();
        }

        var isList = name != "metadata" && obj.Count > 0 && obj.All(p => int.TryParse(p.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        if (isList)
        {
            var array = new JsonArray();
            foreach (var (_, value) in obj.OrderBy(p => int.Parse(p.Key, CultureInfo.InvariantCulture)))
            {
                array.Add(ToArrays(value, null));
            }

            return array;
        }

        var copy = new JsonObject();
        foreach (var (key, value) in obj)
        {
            copy[key] = ToArrays(value, key);
        }

        return copy;
    }

    public JsonNode? Node(string path)
    {
        JsonNode? node = Root;
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject obj ? obj[part] : null;
        }

        return node;
    }

    public bool Has(string path) => Node(path) is not null;

    public string? String(string path) => Node(path) switch
    {
        null => null,
        JsonValue value => value.GetValue<string>(),
        _ => throw StripeError.Invalid($"Invalid string: {Node(path)!.ToJsonString()}", Param(path)),
    };

    public string RequiredString(string path) =>
        String(path) is { Length: > 0 } value ? value : throw StripeError.Missing(Param(path));

    public long? Long(string path)
    {
        var text = String(path);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw StripeError.Invalid($"Invalid integer: {text}", Param(path));
    }

    public long RequiredLong(string path) => Long(path) ?? throw StripeError.Missing(Param(path));

    public bool? Bool(string path) => String(path) switch
    {
        null or "" => null,
        "true" => true,
        "false" => false,
        var other => throw StripeError.Invalid($"Invalid boolean: {other}", Param(path)),
    };

    public IReadOnlyList<string> Strings(string path) => Node(path) switch
    {
        JsonArray array => array.Select(n => n!.GetValue<string>()).ToList(),
        JsonValue value => [value.GetValue<string>()],
        _ => [],
    };

    public JsonArray Objects(string path) => Node(path) as JsonArray ?? [];

    public JsonObject Metadata(string path = "metadata")
    {
        var metadata = new JsonObject();
        if (Node(path) is JsonObject obj)
        {
            foreach (var (key, value) in obj)
            {
                if (value is JsonValue v && v.GetValue<string>().Length > 0)
                {
                    metadata[key] = v.GetValue<string>();
                }
            }
        }

        return metadata;
    }

    /// <summary>Parameters of one element of a list, read with the same getters.</summary>
    public static FormParameters Of(JsonNode? node) => new(node as JsonObject ?? [], "");

    /// <summary>"payment_intent_data.transfer_data.destination" as Stripe names it in errors.</summary>
    public static string Param(string path)
    {
        var parts = path.Split('.');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => $"[{p}]"));
    }
}

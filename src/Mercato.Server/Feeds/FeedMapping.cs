using System.Text.Json;
using System.Text.Json.Nodes;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Feeds;

/// <summary>
/// What a seller or operator says about a feed beyond what the header shows: column → field overrides (null ignores a
/// column), the category, the currency of bare prices, and units of bare numbers per column. Saved per seller.
/// <code>{"columns": {"Kilometerstand": "mileage", "Notes": null}, "units": {"Kilometerstand": "km"}, "category": "vehicles", "currency": "EUR"}</code>
/// </summary>
internal sealed record FeedMapping(
    IReadOnlyDictionary<string, string?> Columns,
    IReadOnlyDictionary<string, string> Units,
    string? Category,
    string? Currency)
{
    public static readonly FeedMapping Empty = new(new Dictionary<string, string?>(), new Dictionary<string, string>(), null, null);

    public bool IsEmpty => Columns.Count == 0 && Units.Count == 0 && Category is null && Currency is null;

    /// <summary>Parses the JSON form; null and a reason when it is not a mapping.</summary>
    public static FeedMapping? Parse(string json, out string? error)
    {
        error = null;
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException exception)
        {
            error = $"is not valid JSON: {exception.Message}";
            return null;
        }

        if (root is not JsonObject obj)
        {
            error = "must be a JSON object with 'columns', 'units', 'category' and/or 'currency'";
            return null;
        }

        var columns = new Dictionary<string, string?>(StringComparer.Ordinal);
        var units = new Dictionary<string, string>(StringComparer.Ordinal);
        string? category = null, currency = null;
        foreach (var (key, value) in obj)
        {
            switch (key)
            {
                case "columns" when value is JsonObject map:
                    foreach (var (column, target) in map)
                    {
                        if (target is not null && target.GetValueKind() != JsonValueKind.String)
                        {
                            error = $"columns.{column} must be a field name or null";
                            return null;
                        }

                        columns[column] = target?.GetValue<string>();
                    }

                    break;
                case "units" when value is JsonObject map:
                    foreach (var (column, unit) in map)
                    {
                        if (unit is null || unit.GetValueKind() != JsonValueKind.String)
                        {
                            error = $"units.{column} must be a unit such as \"km\"";
                            return null;
                        }

                        units[column] = unit.GetValue<string>();
                    }

                    break;
                case "category" when value?.GetValueKind() == JsonValueKind.String:
                    category = value.GetValue<string>();
                    break;
                case "currency" when value?.GetValueKind() == JsonValueKind.String:
                    currency = value.GetValue<string>().ToUpperInvariant();
                    break;
                default:
                    error = $"'{key}' is not a mapping setting (or has the wrong type); use columns, units, category, currency";
                    return null;
            }
        }

        if (currency is not null && !Currencies.IsKnown(currency))
        {
            error = $"currency '{currency}' is not an ISO 4217 code";
            return null;
        }

        return new FeedMapping(columns, units, category, currency);
    }

    public string ToJson()
    {
        var columns = new JsonObject();
        foreach (var (column, target) in Columns)
        {
            columns[column] = target;
        }

        var units = new JsonObject();
        foreach (var (column, unit) in Units)
        {
            units[column] = unit;
        }

        return new JsonObject { ["columns"] = columns, ["units"] = units, ["category"] = Category, ["currency"] = Currency }.ToJsonString();
    }
}

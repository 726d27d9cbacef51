using System.Globalization;
using System.Text.Json.Nodes;
using Mercato.Server.Accounts.Web;
using Mercato.Server.Catalog;
using Microsoft.Extensions.Primitives;

namespace Mercato.Server.Pages.Dashboard;

/// <summary>
/// The listing editor generated from a category's attribute schema: inputs typed by attribute (select for allowed
/// values, number with min/max, date, checkbox, comma-separated lists), and the posted form turned back into the
/// JSON the API takes, so the same <see cref="ListingRules"/> validate both.
/// </summary>
internal static class ListingForm
{
    private const string AttributePrefix = "attr_";

    public static IReadOnlyList<FormField> Fields(Category category, IFormCollection? posted, Listing? current, IReadOnlyDictionary<string, string[]> errors)
    {
        string? Value(string name, string? fallback) => posted is null ? fallback : posted[name].ToString();
        string? Error(string key) => errors.TryGetValue(key, out var messages) ? string.Join(" ", messages) : null;

        var fields = new List<FormField>
        {
            new("title", "Title") { Value = Value("title", current?.Title), Required = true, Error = Error("title") },
            new("description", "Description") { Type = "textarea", Value = Value("description", current?.Description), Error = Error("description") },
            new("price", "Price") { Type = "number", Value = Value("price", current?.Price is { } p ? (p.Amount / 100m).ToString("0.##", CultureInfo.InvariantCulture) : null), Min = "0", Help = "In major units, e.g. 18990 or 8.99.", Error = Error("price") ?? Error("price.amount") },
            new("status", "Status") { Value = Value("status", current?.Status ?? ListingStatus.Active), Options = Listing.Statuses.Select(s => (s, Storefront.ListingFacts.Humanise(s))).ToList(), Required = true, Error = Error("status") },
        };
        foreach (var attribute in category.Attributes.Where(a => a.Type is not AttributeType.GeoPoint))
        {
            var name = AttributePrefix + attribute.Name;
            var stored = current?.Attributes[attribute.Name];
            var field = new FormField(name, attribute.Label ?? attribute.Name)
            {
                Value = Value(name, Display(attribute, stored)),
                Required = attribute.Required,
                Error = Error($"attributes.{attribute.Name}"),
            };
            fields.Add(attribute.Type switch
            {
                AttributeType.Keyword when attribute.AllowedValues is { Count: > 0 } allowed =>
                    field with { Options = allowed.Select(v => (v, Storefront.ListingFacts.Humanise(v))).ToList() },
                AttributeType.Keyword when attribute.Format == "vin" =>
                    field with { Pattern = "[A-HJ-NPR-Za-hj-npr-z0-9]{17}", Help = "17 characters; letters I, O and Q are never used." },
                AttributeType.Text => field with { Type = "textarea" },
                AttributeType.Integer or AttributeType.Decimal => field with
                {
                    Type = "number",
                    Min = attribute.Min?.ToString(CultureInfo.InvariantCulture),
                    Max = attribute.Max?.ToString(CultureInfo.InvariantCulture),
                    Help = attribute.Unit is null ? null : $"In {attribute.Unit}.",
                },
                AttributeType.Boolean => field with { Type = "checkbox" },
                AttributeType.Date => field with { Type = "date" },
                AttributeType.KeywordList => field with { Help = "Separate values with commas." },
                AttributeType.Money => field with { Type = "number", Min = "0", Help = "In major units of the listing's currency." },
                AttributeType.PriceTiers => field with { Help = "Quantity:price pairs, e.g. 10:12.99, 50:11.50." },
                _ => field,
            });
        }

        return fields;
    }

    /// <summary>Reads the posted form into API shape; unreadable numbers become field errors straight away.</summary>
    public static (string? Title, string? Description, Money? Price, string? Status, JsonObject Attributes) Read(
        Category category, IFormCollection form, string currency, Dictionary<string, string[]> errors)
    {
        Money? price = null;
        var priceText = form["price"].ToString().Trim();
        if (priceText.Length > 0)
        {
            if (decimal.TryParse(priceText, NumberStyles.Number, CultureInfo.InvariantCulture, out var major) && major >= 0 && major < 1_000_000_000)
            {
                price = new Money((long)Math.Round(major * 100), currency);
            }
            else
            {
                errors["price"] = ["must be an amount like 18990 or 8.99"];
            }
        }

        var attributes = new JsonObject();
        foreach (var attribute in category.Attributes.Where(a => a.Type is not AttributeType.GeoPoint))
        {
            var raw = form[AttributePrefix + attribute.Name];
            if (attribute.Type == AttributeType.Boolean)
            {
                if (raw.Count > 0)
                {
                    attributes[attribute.Name] = raw.ToString() == "true";
                }

                continue;
            }

            var text = raw.ToString().Trim();
            if (text.Length == 0)
            {
                continue;
            }

            var node = Parse(attribute, text, currency);
            if (node is null)
            {
                errors[$"attributes.{attribute.Name}"] = [Expected(attribute)];
            }
            else
            {
                attributes[attribute.Name] = node;
            }
        }

        return (Text(form["title"]), Text(form["description"]), price, Text(form["status"]), attributes);
    }

    private static JsonNode? Parse(AttributeDefinition attribute, string text, string currency)
    {
        switch (attribute.Type)
        {
            case AttributeType.Integer:
                return long.TryParse(text.Replace(",", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? JsonValue.Create(whole) : null;
            case AttributeType.Decimal:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) ? JsonValue.Create(number) : null;
            case AttributeType.Money:
                return decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
                    ? new JsonObject { ["amount"] = (long)Math.Round(amount * 100), ["currency"] = currency }
                    : null;
            case AttributeType.KeywordList:
                return new JsonArray(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(v => (JsonNode?)v).ToArray());
            case AttributeType.PriceTiers:
                var tiers = new JsonArray();
                foreach (var pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var parts = pair.Split(':', StringSplitOptions.TrimEntries);
                    if (parts.Length != 2 || !long.TryParse(parts[0], CultureInfo.InvariantCulture, out var quantity)
                        || !decimal.TryParse(parts[1], NumberStyles.Number, CultureInfo.InvariantCulture, out var tierPrice))
                    {
                        return null;
                    }

                    tiers.Add(new JsonObject { ["minQuantity"] = quantity, ["amount"] = (long)Math.Round(tierPrice * 100) });
                }

                return tiers;
            default:
                return JsonValue.Create(text);
        }
    }

    private static string? Display(AttributeDefinition attribute, JsonNode? value) => value switch
    {
        null => null,
        JsonArray list when attribute.Type == AttributeType.PriceTiers =>
            string.Join(", ", list.Select(t => $"{(long)t!["minQuantity"]!}:{((long)t["amount"]! / 100m).ToString("0.00", CultureInfo.InvariantCulture)}")),
        JsonArray list => string.Join(", ", list.Select(v => v!.ToString())),
        JsonObject money when attribute.Type == AttributeType.Money => ((long)money["amount"]! / 100m).ToString("0.##", CultureInfo.InvariantCulture),
        _ when attribute.Type == AttributeType.Boolean => (bool)value ? "true" : "false",
        _ => value.ToString(),
    };

    private static string Expected(AttributeDefinition attribute) => attribute.Type switch
    {
        AttributeType.Integer => "must be a whole number",
        AttributeType.Decimal => "must be a number",
        AttributeType.Money => "must be an amount like 12.50",
        AttributeType.PriceTiers => "must be quantity:price pairs like 10:12.99, 50:11.50",
        _ => "is not valid",
    };

    private static string? Text(StringValues value) => value.ToString() is { Length: > 0 } text ? text : null;
}

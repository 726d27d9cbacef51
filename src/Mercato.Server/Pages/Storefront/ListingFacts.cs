using System.Globalization;
using System.Text.Json.Nodes;
using Mercato.Server.Catalog;

namespace Mercato.Server.Pages.Storefront;

/// <summary>Short human descriptions of a listing's attributes for cards and spec tables.</summary>
internal static class ListingFacts
{
    public static string Summary(Listing listing)
    {
        var a = listing.Attributes;
        return listing.Category switch
        {
            "vehicles" => Join(Text(a["condition"]) is { } c ? Capitalise(c) : null, Number(a["mileage"]) is { } m ? $"{m:N0} mi" : null, Text(a["body"]), Text(a["fuel"])?.Replace('_', ' ')),
            "wholesale" => Join(Text(a["brand"]), Number(a["moq"]) is { } moq ? $"MOQ {moq:N0}" : null, Number(a["case_pack"]) is { } pack ? $"case of {pack:N0}" : null),
            "ai-agents" => Join(Text(a["integration_type"])?.Replace('_', ' '), Text(a["delivery"])?.Replace('_', ' '), Text(a["pricing_model"]) == "subscription" ? $"per {Text(a["billing_period"]) ?? "month"}" : "one-off"),
            _ => "",
        };
    }

    /// <summary>Label and display text of every attribute the category declares and the listing has.</summary>
    public static IEnumerable<(string Label, string Value)> Specs(Listing listing, Category? category)
    {
        foreach (var definition in category?.Attributes ?? [])
        {
            if (listing.Attributes[definition.Name] is not { } value || definition.Type is AttributeType.GeoPoint)
            {
                continue;
            }

            var text = definition.Type switch
            {
                AttributeType.KeywordList => string.Join(", ", value.AsArray().Select(v => Humanise(v!.ToString()))),
                AttributeType.PriceTiers => string.Join("; ", value.AsArray().Select(t => $"{(long)t!["minQuantity"]!:N0}+ at {MoneyText.Format((long)t["amount"]!, listing.Price?.Currency ?? "USD")}")),
                AttributeType.Money => MoneyText.Format((long)value["amount"]!, (string)value["currency"]!),
                AttributeType.Integer when definition.Name == "year" => value.ToString(),
                AttributeType.Integer => $"{(long)value:N0}{(definition.Unit is { } unit ? " " + unit : "")}",
                AttributeType.Boolean => (bool)value ? "Yes" : "No",
                _ => Humanise(value.ToString()),
            };
            yield return (definition.Label ?? definition.Name, text);
        }
    }

    public static string Humanise(string value) => Capitalise(value.Replace('_', ' '));

    private static string Capitalise(string value) => value.Length == 0 ? value : char.ToUpperInvariant(value[0]) + value[1..];

    private static string? Text(JsonNode? node) => node?.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : null;

    private static long? Number(JsonNode? node) => node is not null && AttributeValidator.TryGetInt64(node, out var value) ? value : null;

    private static string Join(params string?[] parts) =>
        string.Join(" · ", parts.Where(p => !string.IsNullOrEmpty(p))).ToString(CultureInfo.InvariantCulture);
}

using System.Text.Json.Serialization;

namespace Mercato.Server.Catalog;

// CA1720: the names are the schema's attribute types as users write them.
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Schema type names")]
[JsonConverter(typeof(JsonStringEnumConverter<AttributeType>))]
public enum AttributeType
{
    [JsonStringEnumMemberName("keyword")] Keyword,
    [JsonStringEnumMemberName("text")] Text,
    [JsonStringEnumMemberName("integer")] Integer,
    [JsonStringEnumMemberName("decimal")] Decimal,
    [JsonStringEnumMemberName("money")] Money,
    [JsonStringEnumMemberName("boolean")] Boolean,
    [JsonStringEnumMemberName("date")] Date,
    [JsonStringEnumMemberName("geo_point")] GeoPoint,
    [JsonStringEnumMemberName("keyword_list")] KeywordList,

    /// <summary>Quantity price breaks: <c>[{"minQuantity": 10, "amount": 1299}, …]</c> in the listing's currency.</summary>
    [JsonStringEnumMemberName("price_tiers")] PriceTiers,
}

/// <summary>One typed attribute of a category's schema.</summary>
public sealed record AttributeDefinition
{
    public required string Name { get; init; }

    public string? Label { get; init; }

    public required AttributeType Type { get; init; }

    public bool Required { get; init; }

    public IReadOnlyList<string>? AllowedValues { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>Maximum length of keyword and text values.</summary>
    public int? MaxLength { get; init; }

    public string? Unit { get; init; }

    /// <summary>A named value check beyond type and range; <c>vin</c> is the one we have.</summary>
    public string? Format { get; init; }

    public bool Searchable { get; init; }

    public bool Filterable { get; init; }

    public bool Facetable { get; init; }

    public bool Sortable { get; init; }
}

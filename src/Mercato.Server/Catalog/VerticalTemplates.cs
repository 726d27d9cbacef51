using Mercato.Server.Tenancy;

namespace Mercato.Server.Catalog;

/// <summary>
/// Built-in category schemas a tenant gets for each vertical it enables. Listing price, title and description are
/// columns of every listing, so they are not repeated here.
/// </summary>
internal static class VerticalTemplates
{
    public const string Vehicles = VerticalNames.Vehicles;
    public const string Wholesale = VerticalNames.Wholesale;
    public const string Agents = VerticalNames.Agents;

    public static IReadOnlyList<string> All => VerticalNames.All;

    public sealed record Template(string Vertical, string Slug, string Name, IReadOnlyList<AttributeDefinition> Attributes);

    public static Template For(string vertical) => vertical switch
    {
        Vehicles => new(Vehicles, "vehicles", "Vehicles", VehicleAttributes),
        Wholesale => new(Wholesale, "wholesale", "Wholesale products", WholesaleAttributes),
        Agents => new(Agents, "ai-agents", "AI agents", AgentAttributes),
        _ => throw new ArgumentOutOfRangeException(nameof(vertical), vertical, "unknown vertical"),
    };

    public static bool IsKnown(string vertical) => VerticalNames.IsKnown(vertical);

    private static AttributeDefinition Facet(string name, string label, params string[] allowed) => new()
    {
        Name = name,
        Label = label,
        Type = AttributeType.Keyword,
        AllowedValues = allowed.Length == 0 ? null : allowed,
        MaxLength = 80,
        Filterable = true,
        Facetable = true,
    };

    private static AttributeDefinition Number(string name, string label, double min, double max, string? unit = null) => new()
    {
        Name = name,
        Label = label,
        Type = AttributeType.Integer,
        Min = min,
        Max = max,
        Unit = unit,
        Filterable = true,
        Facetable = true,
        Sortable = true,
    };

    private static readonly AttributeDefinition Location = new()
    {
        Name = "location",
        Label = "Location",
        Type = AttributeType.GeoPoint,
        Filterable = true,
        Sortable = true,
    };

    private static readonly IReadOnlyList<AttributeDefinition> VehicleAttributes =
    [
        new() { Name = "vin", Label = "VIN", Type = AttributeType.Keyword, Format = "vin", Required = true, Searchable = true, Filterable = true },
        Number("year", "Year", 1900, 2100) with { Required = true },
        Facet("make", "Make") with { Required = true, Searchable = true },
        Facet("model", "Model") with { Required = true, Searchable = true },
        Facet("trim", "Trim") with { Searchable = true },
        Facet("body", "Body", "Sedan", "SUV", "Pickup", "Coupe", "Hatchback", "Wagon", "Convertible", "Minivan", "Van"),
        Facet("fuel", "Fuel", "gasoline", "diesel", "hybrid", "plug_in_hybrid", "electric", "flex_fuel", "hydrogen"),
        Facet("transmission", "Transmission", "automatic", "manual", "cvt"),
        Facet("drivetrain", "Drivetrain", "fwd", "rwd", "awd", "4wd"),
        Facet("exterior_color", "Exterior colour"),
        Facet("condition", "Condition", "new", "used", "certified") with { Required = true },
        Number("mileage", "Mileage", 0, 2_000_000, "mi") with { Required = true },
        Location,
    ];

    private static readonly IReadOnlyList<AttributeDefinition> WholesaleAttributes =
    [
        new() { Name = "sku", Label = "SKU", Type = AttributeType.Keyword, Required = true, MaxLength = 64, Searchable = true, Filterable = true },
        Facet("brand", "Brand") with { Searchable = true },
        new() { Name = "category_path", Label = "Category path", Type = AttributeType.KeywordList, MaxLength = 120, Filterable = true, Facetable = true },
        Number("moq", "Minimum order quantity", 1, 1_000_000, "units") with { Required = true },
        Number("case_pack", "Case pack", 1, 100_000, "units") with { Required = true },
        new() { Name = "price_tiers", Label = "Price breaks", Type = AttributeType.PriceTiers },
        Number("stock", "Stock", 0, 100_000_000, "units"),
        new() { Name = "rating", Label = "Rating", Type = AttributeType.Decimal, Min = 0, Max = 5, Filterable = true, Sortable = true },
        Location,
    ];

    private static readonly IReadOnlyList<AttributeDefinition> AgentAttributes =
    [
        new() { Name = "capabilities", Label = "Capabilities", Type = AttributeType.KeywordList, MaxLength = 60, Searchable = true, Filterable = true, Facetable = true },
        Facet("integration_type", "Integration", "api", "slack", "zapier", "chrome_extension", "desktop", "cli") with { Required = true },
        Facet("model_provider", "Model provider", "openai", "anthropic", "google", "mistral", "meta", "self_hosted"),
        Facet("licence_type", "Licence", "mit", "apache_2", "commercial", "proprietary") with { Required = true },
        Facet("delivery", "Delivery", "download", "licence_key", "hosted") with { Required = true },
        Facet("pricing_model", "Pricing", "one_off", "subscription") with { Required = true },
        Facet("billing_period", "Billing period", "month", "year"),
    ];
}

namespace Mercato.Search.Tests;

/// <summary>A small vehicle-listing schema and documents shared by the unit tests.</summary>
internal static class Vehicles
{
    public static IndexSchema Schema { get; } = new(
    [
        new FieldDefinition("title", FieldKind.Text) { Searchable = true, Weight = 3 },
        new FieldDefinition("make", FieldKind.Keyword) { Searchable = true, Weight = 2, Filterable = true, Facetable = true, Sortable = true },
        new FieldDefinition("model", FieldKind.Keyword) { Searchable = true, Weight = 2, Filterable = true, Facetable = true },
        new FieldDefinition("description", FieldKind.Text) { Searchable = true },
        new FieldDefinition("price", FieldKind.Integer) { Filterable = true, Facetable = true, Sortable = true },
        new FieldDefinition("year", FieldKind.Integer) { Filterable = true, Facetable = true, Sortable = true },
        new FieldDefinition("mileage", FieldKind.Decimal) { Filterable = true, Sortable = true },
        new FieldDefinition("created", FieldKind.Date) { Filterable = true, Sortable = true },
        new FieldDefinition("used", FieldKind.Boolean) { Filterable = true, Facetable = true },
        new FieldDefinition("features", FieldKind.KeywordList) { Filterable = true, Facetable = true },
        new FieldDefinition("vin", FieldKind.Keyword) { Searchable = true, Filterable = true },
        new FieldDefinition("location", FieldKind.GeoPoint) { Filterable = true },
    ]);

    public static SearchDocument Car(long id, string make, string model, int year, long price, double lat = 40.7, double lng = -74.0) =>
        new SearchDocument(id)
            .Set("title", $"{year} {make} {model}")
            .Set("make", make)
            .Set("model", model)
            .Set("description", $"A fine {make} {model} in good condition")
            .Set("price", price)
            .Set("year", year)
            .Set("mileage", 10_000.5 * (id % 7))
            .Set("created", new DateOnly(2024, 1, 1).AddDays((int)id))
            .Set("used", id % 2 == 0)
            .Set("features", id % 3 == 0 ? ["Sunroof", "Navigation"] : ["Navigation"])
            .SetGeo("location", lat, lng);

    public static SearchIndex Index(params SearchDocument[] docs)
    {
        var index = new SearchIndex(Schema);
        index.UpsertMany(docs);
        return index;
    }

    public static SearchIndex Sample() => Index(
        Car(1, "Toyota", "Camry", 2018, 15_000),
        Car(2, "Toyota", "Corolla", 2020, 17_000),
        Car(3, "Honda", "Civic", 2019, 16_000, 40.75, -73.99),
        Car(4, "Honda", "Accord", 2021, 24_000, 34.05, -118.24),
        Car(5, "Citroën", "C4", 2017, 9_000, 48.85, 2.35),
        Car(6, "Ford", "Focus", 2016, 7_500),
        Car(7, "Ford", "F-150", 2022, 42_000, 41.88, -87.63));

    public static long[] Ids(this SearchResult result) => [.. result.Hits.Select(h => h.Id)];
}

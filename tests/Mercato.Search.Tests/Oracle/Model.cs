using System.Globalization;

namespace Mercato.Search.Tests.Oracle;

/// <summary>A field value as the oracle sees it: Null, or a string, string[], double, bool or (lat, lng).</summary>
internal sealed record Value(object? Raw)
{
    public static readonly Value Null = new((object?)null);
}

/// <summary>A document of the property tests: absent fields are missing.</summary>
internal sealed record Doc(long Id, IReadOnlyDictionary<string, Value> Fields)
{
    public SearchDocument ToSearchDocument()
    {
        var d = new SearchDocument(Id);
        foreach (var (name, v) in Fields)
        {
            switch (v.Raw)
            {
                case null: d.Set(name, (string?)null); break;
                case string s: d.Set(name, s); break;
                case string[] list: d.Set(name, list); break;
                case bool b: d.Set(name, b); break;
                case (double lat, double lng): d.SetGeo(name, lat, lng); break;
                case double x when name == "price" || name == "created": d.Set(name, (long)x); break;
                case double x: d.Set(name, x); break;
            }
        }

        return d;
    }
}

/// <summary>The schema and random documents of the property tests, with small domains so that values collide.</summary>
internal static class Model
{
    public static readonly string[] Makes = ["Toyota", "toyota", "Honda", "Ford", "Land Rover", "Citroën", "BMW", " ", ""];
    public static readonly string[] Tags = ["Sunroof", "sunroof", "Navigation", "Leather", "4x4", "Tow Hitch"];
    public static readonly string[] Words = ["camry", "corolla", "civic", "accord", "focus", "mustang", "ranger", "clean", "diesel", "hybrid", "automatic", "leather", "seats", "sport", "camper", "coral", "citroen", "sunroof"];

    public static IndexSchema Schema { get; } = new(
    [
        new FieldDefinition("title", FieldKind.Text) { Searchable = true, Weight = 3 },
        new FieldDefinition("make", FieldKind.Keyword) { Searchable = true, Weight = 2, Filterable = true, Facetable = true, Sortable = true },
        new FieldDefinition("tags", FieldKind.KeywordList) { Filterable = true, Facetable = true },
        new FieldDefinition("price", FieldKind.Integer) { Filterable = true, Facetable = true, Sortable = true },
        new FieldDefinition("rating", FieldKind.Decimal) { Filterable = true, Facetable = true, Sortable = true },
        new FieldDefinition("created", FieldKind.Date) { Filterable = true, Sortable = true },
        new FieldDefinition("used", FieldKind.Boolean) { Filterable = true, Facetable = true },
        new FieldDefinition("location", FieldKind.GeoPoint) { Filterable = true },
    ]);

    public const long Day = 86_400;
    public const long BaseDate = 1_714_521_600; // 2024-05-01

    public static Doc RandomDoc(Random r, long id)
    {
        var f = new Dictionary<string, Value>();
        void Maybe(string name, Func<object?> make)
        {
            var roll = r.Next(10);
            if (roll == 0)
            {
                return; // missing
            }

            f[name] = roll == 1 ? Value.Null : new Value(make());
        }

        Maybe("title", () => string.Join(' ', Enumerable.Range(0, r.Next(1, 6)).Select(_ => r.Next(6) == 0 ? Capitalize(Words[r.Next(Words.Length)]) : Words[r.Next(Words.Length)])));
        Maybe("make", () => Makes[r.Next(Makes.Length)]);
        Maybe("tags", () => Enumerable.Range(0, r.Next(0, 4)).Select(_ => Tags[r.Next(Tags.Length)]).ToArray());
        Maybe("price", () => (double)r.Next(0, 20) * 1000);
        Maybe("rating", () => r.Next(0, 11) / 2.0);
        Maybe("created", () => (double)(BaseDate + (r.Next(-5, 6) * Day)));
        Maybe("used", () => r.Next(2) == 0);
        Maybe("location", () => (40 + (r.NextDouble() * 2), -75 + (r.NextDouble() * 2)));
        return new Doc(id, f);
    }

    private static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    public static string Num(double x) => x.ToString("R", CultureInfo.InvariantCulture);
}

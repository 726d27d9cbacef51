using System.Text.Json;
using Mercato.Search;
using Mercato.Server.Catalog;

namespace Mercato.Server.Search;

/// <summary>
/// How listings become search documents: one index schema per tenant, the union of its categories' attributes plus the
/// fields every listing has. Only active listings are indexed; anything else is removed from the index.
/// </summary>
internal sealed class ListingDocuments
{
    public const string Title = "title";
    public const string Description = "description";
    public const string Category = "category";
    public const string Seller = "seller";
    public const string Price = "price";
    public const string Currency = "currency";
    public const string Created = "created";
    public const string Location = "location";

    private static readonly HashSet<string> HeavyTextWeights = ["make", "model", "brand"];

    private readonly Dictionary<long, string[]> _categoryPaths;
    private readonly Dictionary<string, AttributeDefinition> _attributes = new(StringComparer.Ordinal);

    public ListingDocuments(IReadOnlyList<Category> categories)
    {
        _categoryPaths = categories.ToDictionary(c => c.Id, c => PathOf(c, categories));
        var fields = new List<FieldDefinition>
        {
            new(Title, FieldKind.Text) { Searchable = true, Weight = 3 },
            new(Description, FieldKind.Text) { Searchable = true, Weight = 1 },
            new(Category, FieldKind.KeywordList) { Filterable = true, Facetable = true },
            new(Seller, FieldKind.Keyword) { Filterable = true, Facetable = true },
            new(Price, FieldKind.Integer) { Filterable = true, Facetable = true, Sortable = true },
            new(Currency, FieldKind.Keyword) { Filterable = true, Facetable = true },
            new(Created, FieldKind.Date) { Filterable = true, Sortable = true },
        };
        var reserved = fields.Select(f => f.Name).ToHashSet();
        foreach (var attribute in categories.SelectMany(c => c.Attributes))
        {
            if (reserved.Contains(attribute.Name) || _attributes.ContainsKey(attribute.Name) || Kind(attribute.Type) is not { } kind)
            {
                continue; // first definition of a name wins; a later clash with another type is left out of search
            }

            _attributes[attribute.Name] = attribute;
            var searchable = attribute.Searchable && kind is FieldKind.Text or FieldKind.Keyword or FieldKind.KeywordList;
            fields.Add(new FieldDefinition(attribute.Name, kind)
            {
                Searchable = searchable,
                Weight = HeavyTextWeights.Contains(attribute.Name) ? 2 : 1,
                Filterable = attribute.Filterable || attribute.Facetable || kind == FieldKind.GeoPoint,
                Facetable = attribute.Facetable && kind is not (FieldKind.Text or FieldKind.GeoPoint),
                Sortable = attribute.Sortable && kind is not (FieldKind.Text or FieldKind.KeywordList or FieldKind.GeoPoint),
            });
        }

        Schema = new IndexSchema(fields);
    }

    public IndexSchema Schema { get; }

    public bool Knows(long categoryId) => _categoryPaths.ContainsKey(categoryId);

    /// <summary>Fills a document from a listing row; <paramref name="attributesJson"/> is the stored attribute document.</summary>
    public SearchDocument ToDocument(
        long id, long categoryId, string sellerExternalId, string title, string? description, long? price, string? currency,
        string attributesJson, DateTimeOffset created)
    {
        var document = new SearchDocument(id)
            .Set(Title, title)
            .Set(Seller, sellerExternalId)
            .Set(Created, created);
        if (description is not null)
        {
            document.Set(Description, description);
        }

        if (_categoryPaths.TryGetValue(categoryId, out var path))
        {
            document.Set(Category, path);
        }

        if (price is { } amount)
        {
            document.Set(Price, amount);
            document.Set(Currency, currency);
        }

        using var json = JsonDocument.Parse(attributesJson);
        foreach (var property in json.RootElement.EnumerateObject())
        {
            if (_attributes.TryGetValue(property.Name, out var attribute))
            {
                SetAttribute(document, attribute, property.Value);
            }
        }

        return document;
    }

    private static void SetAttribute(SearchDocument document, AttributeDefinition attribute, JsonElement value)
    {
        switch (attribute.Type)
        {
            case AttributeType.Keyword or AttributeType.Text when value.ValueKind == JsonValueKind.String:
                document.Set(attribute.Name, value.GetString());
                break;
            case AttributeType.KeywordList when value.ValueKind == JsonValueKind.Array:
                document.Set(attribute.Name, value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList());
                break;
            case AttributeType.Integer when value.TryGetInt64(out var integer):
                document.Set(attribute.Name, integer);
                break;
            case AttributeType.Decimal when value.ValueKind == JsonValueKind.Number:
                document.Set(attribute.Name, value.GetDouble());
                break;
            case AttributeType.Money when value.TryGetProperty("amount", out var amount) && amount.TryGetInt64(out var minor):
                document.Set(attribute.Name, minor);
                break;
            case AttributeType.Boolean when value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                document.Set(attribute.Name, value.GetBoolean());
                break;
            case AttributeType.Date when value.ValueKind == JsonValueKind.String && DateOnly.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var date):
                document.Set(attribute.Name, date);
                break;
            case AttributeType.GeoPoint when value.TryGetProperty("lat", out var lat) && value.TryGetProperty("lng", out var lng):
                document.SetGeo(attribute.Name, lat.GetDouble(), lng.GetDouble());
                break;
        }
    }

    private static FieldKind? Kind(AttributeType type) => type switch
    {
        AttributeType.Keyword => FieldKind.Keyword,
        AttributeType.Text => FieldKind.Text,
        AttributeType.Integer or AttributeType.Money => FieldKind.Integer,
        AttributeType.Decimal => FieldKind.Decimal,
        AttributeType.Boolean => FieldKind.Boolean,
        AttributeType.Date => FieldKind.Date,
        AttributeType.GeoPoint => FieldKind.GeoPoint,
        AttributeType.KeywordList => FieldKind.KeywordList,
        _ => null,
    };

    private static string[] PathOf(Category category, IReadOnlyList<Category> all)
    {
        var path = new List<string>();
        for (Category? c = category; c is not null && path.Count < 32; c = all.FirstOrDefault(p => p.Id == c.ParentId))
        {
            path.Add(c.Slug);
        }

        return [.. path];
    }
}

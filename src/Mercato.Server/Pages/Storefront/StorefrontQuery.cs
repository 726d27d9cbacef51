using System.Globalization;
using System.Text;
using Mercato.Search;
using Mercato.Server.ReferenceData;
using Mercato.Server.Search;
using Microsoft.Extensions.Primitives;

namespace Mercato.Server.Pages.Storefront;

/// <summary>
/// The whole state of a storefront search, held in the URL so it can be shared and the back button works:
/// <c>?q=…&amp;cat=vehicles&amp;make=Toyota&amp;make=Honda&amp;price_max=20000&amp;zip=10001&amp;radius=50&amp;sort=price_asc&amp;page=2</c>.
/// </summary>
public sealed class StorefrontQuery
{
    public const int PageSize = SearchLimits.StorefrontPageSize;
    public const int MaxPage = SearchLimits.StorefrontMaxPage;

    private static readonly Dictionary<string, string[]> FacetsByCategory = new(StringComparer.Ordinal)
    {
        ["vehicles"] = ["make", "model", "body", "condition", "fuel", "transmission", "drivetrain", "exterior_color"],
        ["wholesale"] = ["brand", "category_path"],
        ["ai-agents"] = ["capabilities", "integration_type", "model_provider", "delivery", "pricing_model", "licence_type"],
    };

    public static readonly IReadOnlyList<(string Value, string Label)> Sorts =
    [
        ("relevance", "Best match"), ("price_asc", "Price: low to high"), ("price_desc", "Price: high to low"),
        ("newest", "Newest listings"), ("year_desc", "Year: newest first"), ("mileage_asc", "Mileage: lowest first"), ("distance", "Distance: nearest first"),
    ];

    public string? Q { get; private init; }

    public string? Category { get; private init; }

    public Dictionary<string, List<string>> Checked { get; } = new(StringComparer.Ordinal);

    public long? PriceMin { get; private init; }

    public long? PriceMax { get; private init; }

    public long? YearMin { get; private init; }

    public long? YearMax { get; private init; }

    public long? MileageMax { get; private init; }

    public string? Zip { get; private init; }

    public int Radius { get; private init; } = 50;

    public (double Lat, double Lng)? Origin { get; private init; }

    public string Sort { get; private init; } = "relevance";

    public int Page { get; private init; } = 1;

    public List<string> Errors { get; } = [];

    public IReadOnlyList<string> FacetFields => Category is not null && FacetsByCategory.TryGetValue(Category, out var fields) ? fields : ["category"];

    public bool IsVehicles => Category == "vehicles";

    internal static StorefrontQuery Parse(
        IQueryCollection query, PostalCodes postalCodes, string? category = null, IEnumerable<(string Field, string Value)>? preset = null)
    {
        var errors = new List<string>();
        var zip = Text(query["zip"]);
        (double, double)? origin = null;
        if (zip is not null)
        {
            if (postalCodes.TryGet(zip, out var lat, out var lng))
            {
                origin = (lat, lng);
            }
            else
            {
                errors.Add($"'{zip}' is not a known US ZIP code.");
            }
        }

        var sort = Text(query["sort"]) ?? "relevance";
        if (!Sorts.Any(s => s.Value == sort))
        {
            sort = "relevance";
        }

        var parsed = new StorefrontQuery
        {
            Q = Text(query["q"]),
            Category = category ?? Text(query["cat"]),
            PriceMin = Number(query["price_min"], errors, "Minimum price"),
            PriceMax = Number(query["price_max"], errors, "Maximum price"),
            YearMin = Number(query["year_min"], errors, "From year"),
            YearMax = Number(query["year_max"], errors, "To year"),
            MileageMax = Number(query["mileage_max"], errors, "Maximum mileage"),
            Zip = zip,
            Origin = origin,
            Radius = (int)Math.Clamp(Number(query["radius"], errors, "Radius") ?? 50, 1, 500),
            Sort = sort == "distance" && origin is null ? "relevance" : sort,
            Page = (int)Math.Clamp(Number(query["page"], errors, "Page") ?? 1, 1, MaxPage),
        };
        parsed.Errors.AddRange(errors);
        foreach (var field in parsed.FacetFields)
        {
            var values = query[field].Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).Distinct().Take(50).ToList();
            if (values.Count > 0)
            {
                parsed.Checked[field] = values;
            }
        }

        foreach (var (field, value) in preset ?? [])
        {
            if (!parsed.Checked.TryGetValue(field, out var list))
            {
                parsed.Checked[field] = list = [];
            }

            if (!list.Contains(value))
            {
                list.Add(value);
            }
        }

        return parsed;
    }

    public SearchQuery ToSearchQuery()
    {
        var clauses = new List<string>();
        if (Category is not null)
        {
            clauses.Add($"{ListingDocuments.Category} = {Quote(Category)}");
        }

        foreach (var (field, values) in Checked)
        {
            clauses.Add($"{field} IN [{string.Join(", ", values.Select(Quote))}]");
        }

        Range(clauses, ListingDocuments.Price, PriceMin * 100, PriceMax * 100);
        if (IsVehicles)
        {
            Range(clauses, "year", YearMin, YearMax);
            Range(clauses, "mileage", null, MileageMax);
        }

        if (Origin is { } center)
        {
            clauses.Add(string.Create(CultureInfo.InvariantCulture, $"_geoRadius({center.Lat}, {center.Lng}, {Radius * 1609.344:F0})"));
        }

        var sort = Sort switch
        {
            "price_asc" => "price:asc",
            "price_desc" => "price:desc",
            "newest" => "created:desc",
            "year_desc" when IsVehicles => "year:desc",
            "mileage_asc" when IsVehicles => "mileage:asc",
            "distance" when Origin is { } o => string.Create(CultureInfo.InvariantCulture, $"_geoPoint({o.Lat}, {o.Lng}):asc"),
            _ => Q is null ? "created:desc" : null,
        };
        var errors = new Dictionary<string, string[]>();
        var query = new ListingSearch
        {
            Q = Q,
            Filters = clauses,
            // Only the fields the page shows: a price facet counted every distinct price of the results, unused.
            Facets = FacetFields,
            Sort = sort is null ? null : [sort],
            Page = Page,
            HitsPerPage = PageSize,
            MaxValuesPerFacet = SearchLimits.StorefrontValuesPerFacet,
        }.ToQuery(errors);

        // Parse clamps the page to MaxPage, which SearchLimits keeps inside the offset cap: an error here is a bug.
        return errors.Count == 0
            ? query
            : throw new InvalidOperationException($"storefront search outside the search limits: {string.Join("; ", errors.Select(e => $"{e.Key} {e.Value[0]}"))}");
    }

    /// <summary>This state as a URL, with changes applied (null removes a parameter).</summary>
    public string Url(string path = "/search", Action<Dictionary<string, List<string>>>? change = null)
    {
        var state = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Put(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                state[key] = [value];
            }
        }

        Put("q", Q);
        if (path == "/search")
        {
            Put("cat", Category);
        }

        foreach (var (field, values) in Checked)
        {
            state[field] = [.. values];
        }

        Put("price_min", PriceMin?.ToString(CultureInfo.InvariantCulture));
        Put("price_max", PriceMax?.ToString(CultureInfo.InvariantCulture));
        Put("year_min", YearMin?.ToString(CultureInfo.InvariantCulture));
        Put("year_max", YearMax?.ToString(CultureInfo.InvariantCulture));
        Put("mileage_max", MileageMax?.ToString(CultureInfo.InvariantCulture));
        Put("zip", Zip);
        if (Zip is not null)
        {
            Put("radius", Radius.ToString(CultureInfo.InvariantCulture));
        }

        Put("sort", Sort == "relevance" ? null : Sort);
        Put("page", Page == 1 ? null : Page.ToString(CultureInfo.InvariantCulture));
        change?.Invoke(state);
        var url = new StringBuilder(path);
        var first = true;
        foreach (var (key, values) in state)
        {
            foreach (var value in values)
            {
                url.Append(first ? '?' : '&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
                first = false;
            }
        }

        return url.ToString();
    }

    public string PageUrl(int page, string path) => Url(path, s =>
    {
        s.Remove("page");
        if (page > 1)
        {
            s["page"] = [page.ToString(CultureInfo.InvariantCulture)];
        }
    });

    public static string Slug(string value)
    {
        var slug = new StringBuilder(value.Length);
        foreach (var c in value.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().Trim('-');
    }

    private static void Range(List<string> clauses, string field, long? min, long? max)
    {
        if (min is { } lo)
        {
            clauses.Add(string.Create(CultureInfo.InvariantCulture, $"{field} >= {lo}"));
        }

        if (max is { } hi)
        {
            clauses.Add(string.Create(CultureInfo.InvariantCulture, $"{field} <= {hi}"));
        }
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static string? Text(StringValues value) => value.ToString() is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text) ? text.Trim()[..Math.Min(text.Trim().Length, 200)] : null;

    private static long? Number(StringValues value, List<string> errors, string label)
    {
        var text = value.ToString().Replace(",", "", StringComparison.Ordinal).Replace("$", "", StringComparison.Ordinal).Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number is >= 0 and < 10_000_000_000)
        {
            return number;
        }

        errors.Add($"{label} must be a whole number.");
        return null;
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Mercato.Search;

namespace Mercato.Server.Search;

/// <summary>
/// Meilisearch-compatible search parameters (POST body or query string). <c>filter</c> is a string, or an array whose
/// items are ANDed and whose nested arrays are ORed, as in Meilisearch.
/// </summary>
internal sealed record SearchRequest
{
    public const int MaxLimit = 1000;
    public const int MaxOffset = 10_000;

    public string? Q { get; init; }

    public JsonElement? Filter { get; init; }

    public List<string>? Facets { get; init; }

    public List<string>? Sort { get; init; }

    public int? Limit { get; init; }

    public int? Offset { get; init; }

    public int? Page { get; init; }

    public int? HitsPerPage { get; init; }

    public List<string>? AttributesToHighlight { get; init; }

    public string? Cursor { get; init; }

    public int? MaxValuesPerFacet { get; init; }

    public bool Paged => Page is not null || HitsPerPage is not null;

    public static SearchRequest FromQuery(IQueryCollection query)
    {
        static List<string>? List(string? raw) =>
            string.IsNullOrWhiteSpace(raw) ? null : raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

        // Sorts may contain commas inside _geoPoint(lat, lng), so split only outside parentheses.
        static List<string>? Sorts(string? raw)
        {
            if (string.IsNullOrWhiteSpace(raw))
            {
                return null;
            }

            var parts = new List<string>();
            var depth = 0;
            var current = new StringBuilder();
            foreach (var c in raw)
            {
                depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                if (c == ',' && depth == 0)
                {
                    parts.Add(current.ToString().Trim());
                    current.Clear();
                }
                else
                {
                    current.Append(c);
                }
            }

            parts.Add(current.ToString().Trim());
            return parts.Where(p => p.Length > 0).ToList();
        }

        return new SearchRequest
        {
            Q = query["q"],
            Filter = query["filter"].ToString() is { Length: > 0 } filter ? JsonSerializer.SerializeToElement(filter) : null,
            Facets = List(query["facets"]),
            Sort = Sorts(query["sort"]),
            Limit = Int(query, "limit"),
            Offset = Int(query, "offset"),
            Page = Int(query, "page"),
            HitsPerPage = Int(query, "hitsPerPage"),
            AttributesToHighlight = List(query["attributesToHighlight"]),
            Cursor = query["cursor"],
            MaxValuesPerFacet = Int(query, "maxValuesPerFacet"),
        };
    }

    /// <summary>The engine query, or the field errors that stop it.</summary>
    public SearchQuery ToQuery(Dictionary<string, string[]> errors)
    {
        Check(errors, "limit", Limit, 0, MaxLimit);
        Check(errors, "offset", Offset, 0, MaxOffset);
        Check(errors, "page", Page, 1, MaxOffset);
        Check(errors, "hitsPerPage", HitsPerPage, 1, MaxLimit);
        Check(errors, "maxValuesPerFacet", MaxValuesPerFacet, 0, 1000);
        if (Paged && (Limit is not null || Offset is not null))
        {
            errors["page"] = ["use either page/hitsPerPage or offset/limit, not both"];
        }

        var filter = FilterText(errors);
        var limit = Paged ? HitsPerPage ?? 20 : Limit ?? 20;
        var offset = Paged ? ((Page ?? 1) - 1) * limit : Offset ?? 0;
        if (offset > MaxOffset && !errors.ContainsKey("page"))
        {
            errors["page"] = [$"pages beyond result {MaxOffset} need the cursor"];
        }

        return new SearchQuery
        {
            Q = Q,
            Filter = filter,
            Facets = Facets,
            Sort = Sort,
            Limit = limit,
            Offset = Cursor is null ? offset : 0,
            Cursor = Cursor,
            MaxValuesPerFacet = MaxValuesPerFacet ?? 100,
            GeoField = ListingDocuments.Location,
        };
    }

    private string? FilterText(Dictionary<string, string[]> errors)
    {
        if (Filter is not { } filter || filter.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (filter.ValueKind == JsonValueKind.String)
        {
            return filter.GetString();
        }

        if (filter.ValueKind == JsonValueKind.Array)
        {
            var clauses = new List<string>();
            foreach (var item in filter.EnumerateArray())
            {
                if (item.ValueKind == JsonValueKind.String)
                {
                    clauses.Add($"({item.GetString()})");
                }
                else if (item.ValueKind == JsonValueKind.Array && item.EnumerateArray().All(i => i.ValueKind == JsonValueKind.String))
                {
                    clauses.Add("(" + string.Join(" OR ", item.EnumerateArray().Select(i => $"({i.GetString()})")) + ")");
                }
                else
                {
                    errors["filter"] = ["an array filter holds strings or arrays of strings"];
                    return null;
                }
            }

            return clauses.Count == 0 ? null : string.Join(" AND ", clauses);
        }

        errors["filter"] = ["must be a string or an array"];
        return null;
    }

    private static void Check(Dictionary<string, string[]> errors, string name, int? value, int min, int max)
    {
        if (value is { } v && (v < min || v > max))
        {
            errors[name] = [$"must be between {min} and {max}"];
        }
    }

    private static int? Int(IQueryCollection query, string name)
    {
        var raw = query[name].ToString();
        if (raw.Length == 0)
        {
            return null;
        }

        return int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : int.MinValue;
    }
}

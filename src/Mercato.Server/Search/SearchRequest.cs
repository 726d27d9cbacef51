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

    /// <summary>The engine query, or the field errors that stop it (limits and defaults are <see cref="ListingSearch"/>'s).</summary>
    public SearchQuery ToQuery(Dictionary<string, string[]> errors) => new ListingSearch
    {
        Q = Q,
        Filters = FilterClauses(errors),
        Facets = Facets,
        Sort = Sort,
        Limit = Limit,
        Offset = Offset,
        Page = Page,
        HitsPerPage = HitsPerPage,
        Cursor = Cursor,
        MaxValuesPerFacet = MaxValuesPerFacet,
    }.ToQuery(errors);

    /// <summary>A string filter as it is; an array's items in parentheses (nested arrays ORed), all ANDed.</summary>
    private List<string> FilterClauses(Dictionary<string, string[]> errors)
    {
        if (Filter is not { } filter || filter.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (filter.ValueKind == JsonValueKind.String)
        {
            return [filter.GetString()!];
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
                    return [];
                }
            }

            return clauses;
        }

        errors["filter"] = ["must be a string or an array"];
        return [];
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

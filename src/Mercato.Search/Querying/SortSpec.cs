using System.Globalization;
using Mercato.Search.Text;

namespace Mercato.Search.Querying;

internal enum SortKind
{
    Numeric,
    Keyword,
    Geo,
}

/// <summary>One sort criterion.</summary>
internal sealed record SortCriterion(SortKind Kind, int Field, bool Descending, double Lat, double Lng);

internal static class SortSpec
{
    public const int MaxCriteria = 4;

    public static SortCriterion[] Parse(IReadOnlyList<string>? sort, IndexSchema schema, int geoField)
    {
        if (sort is null || sort.Count == 0)
        {
            return [];
        }

        if (sort.Count > MaxCriteria)
        {
            throw new SearchQueryException("sort", $"At most {MaxCriteria} sort criteria are accepted, got {sort.Count}.");
        }

        var result = new SortCriterion[sort.Count];
        for (var i = 0; i < sort.Count; i++)
        {
            result[i] = ParseOne(sort[i] ?? "", i, schema, geoField);
        }

        return result;
    }

    private static SortCriterion ParseOne(string text, int index, IndexSchema schema, int geoField)
    {
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            throw new SearchQueryException("sort", $"Sort criterion {index} `{text}` needs a direction: expected `field:asc` or `field:desc`.", text.Length);
        }

        var name = text[..colon].Trim();
        var direction = text[(colon + 1)..].Trim();
        bool descending;
        if (direction.Equals("asc", StringComparison.OrdinalIgnoreCase))
        {
            descending = false;
        }
        else if (direction.Equals("desc", StringComparison.OrdinalIgnoreCase))
        {
            descending = true;
        }
        else
        {
            throw new SearchQueryException("sort", $"Sort criterion {index} `{text}` has direction `{direction}` at position {colon + 1}: expected asc or desc.", colon + 1);
        }

        if (name.StartsWith("_geoPoint", StringComparison.OrdinalIgnoreCase))
        {
            return ParseGeo(text, name, index, descending, schema, geoField);
        }

        var field = schema.IndexOf(name);
        if (field < 0 || !schema.Fields[field].Sortable)
        {
            var available = string.Join(", ", schema.Fields.Where(f => f.Sortable).Select(f => $"`{f.Name}`"));
            throw new SearchQueryException(
                "sort",
                $"Attribute `{name}` in sort criterion {index} is not sortable. Available sortable attributes are: {(available.Length == 0 ? "none" : available)}, and _geoPoint(lat, lng).",
                0);
        }

        var kind = schema.Fields[field].Kind is FieldKind.Integer or FieldKind.Decimal or FieldKind.Date ? SortKind.Numeric : SortKind.Keyword;
        return new SortCriterion(kind, field, descending, 0, 0);
    }

    private static SortCriterion ParseGeo(string text, string name, int index, bool descending, IndexSchema schema, int geoField)
    {
        var open = name.IndexOf('(', StringComparison.Ordinal);
        var close = name.LastIndexOf(')');
        var parts = open > 0 && close > open ? name[(open + 1)..close].Split(',') : [];
        if (parts.Length != 2 || !name[..open].Trim().Equals("_geoPoint", StringComparison.OrdinalIgnoreCase) ||
            !Keys.TryParseNumber(parts[0].Trim(), out var lat) || !Keys.TryParseNumber(parts[1].Trim(), out var lng))
        {
            throw new SearchQueryException("sort", $"Sort criterion {index} `{text}` is malformed: expected `_geoPoint(lat, lng):asc` with finite numbers.", 0);
        }

        if (lat is < -90 or > 90 || lng is < -180 or > 180)
        {
            throw new SearchQueryException(
                "sort",
                string.Create(CultureInfo.InvariantCulture, $"Sort criterion {index} `{text}`: latitude must lie in [-90, 90] and longitude in [-180, 180]."),
                0);
        }

        if (geoField < 0)
        {
            throw new SearchQueryException("sort", $"Sort criterion {index} `{text}` needs a GeoPoint field, and the index has none (or the query names none).", 0);
        }

        return new SortCriterion(SortKind.Geo, geoField, descending, lat, lng);
    }
}

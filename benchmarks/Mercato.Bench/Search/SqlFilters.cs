using System.Text;

namespace Mercato.Bench.Search;

/// <summary>The parts of a WHERE clause the two SQL peers spell differently.</summary>
internal interface ISqlDialect
{
    /// <summary>Condition that listing <c>l</c> matches the text in parameter <c>@q</c>.</summary>
    string TextCondition { get; }

    /// <summary>Condition that listing <c>l</c> lies within the circle of parameters <c>@glat, @glng, @gm</c>.</summary>
    string RadiusCondition(RadiusFilter radius, List<KeyValuePair<string, object>> parameters);

    /// <summary>Meters from <c>(@plat, @plng)</c> to listing <c>l</c>.</summary>
    string DistanceExpression { get; }

    /// <summary>The text parameter's value for this dialect.</summary>
    string TextParameter(string text);
}

/// <summary>Builds the WHERE clause of a benchmark query for a SQL peer; the table alias is <c>l</c>.</summary>
internal static class SqlFilters
{
    // Only these names reach SQL text; values always go through parameters.
    private static readonly HashSet<string> Columns =
        ["make", "model", "trim", "body", "fuel", "transmission", "drivetrain", "exterior_color", "condition", "year", "price", "mileage", "created"];

    public static string Column(string field) =>
        Columns.Contains(field) ? $"l.{field}" : throw new ArgumentOutOfRangeException(nameof(field), field, "not a benchmark column");

    /// <summary>
    /// The conditions of the query, leaving out the IN filter on <paramref name="facetField"/> (a checkbox facet counts
    /// as if its own boxes were unticked, as the engine's disjunctive facets do). "1 = 1" when nothing remains.
    /// </summary>
    public static string Where(
        BenchQuery query, ISqlDialect dialect, List<KeyValuePair<string, object>> parameters, string? facetField = null, bool withText = true)
    {
        var conditions = new List<string>();
        if (withText && HasText(query))
        {
            Add(parameters, "q", dialect.TextParameter(query.Text!));
            conditions.Add(dialect.TextCondition);
        }

        var n = 0;
        foreach (var filter in query.Filters)
        {
            switch (filter)
            {
                case InFilter f when f.Field == facetField:
                    break;
                case InFilter f:
                    var names = new StringBuilder();
                    foreach (var value in f.Values)
                    {
                        var name = $"v{n++}";
                        Add(parameters, name, Key(value));
                        names.Append(names.Length == 0 ? "@" : ", @").Append(name);
                    }

                    conditions.Add($"{Column(f.Field)} IN ({names})");
                    break;
                case RangeFilter r:
                    if (r.Min is { } min)
                    {
                        var name = $"v{n++}";
                        Add(parameters, name, min);
                        conditions.Add($"{Column(r.Field)} >= @{name}");
                    }

                    if (r.Max is { } max)
                    {
                        var name = $"v{n++}";
                        Add(parameters, name, max);
                        conditions.Add($"{Column(r.Field)} <= @{name}");
                    }

                    break;
                case RadiusFilter g:
                    conditions.Add(dialect.RadiusCondition(g, parameters));
                    break;
            }
        }

        return conditions.Count == 0 ? "1 = 1" : string.Join(" AND ", conditions);
    }

    /// <summary>
    /// Keyword columns hold values lower-cased at load, and filters compare lower-cased values: the engine compares
    /// keywords case-insensitively ("Tacoma XtraCab" and "Tacoma Xtracab" are one model and one facet value).
    /// </summary>
    public static string Key(string value) => value.ToLowerInvariant();

    public static bool HasText(BenchQuery query) => query.Text is not null && BenchText.Tokens(query.Text).Count > 0;

    /// <summary>ORDER BY for a sort without relevance; <c>dist</c> must be selected for distance sorts.</summary>
    public static string OrderBy(BenchSort sort) => sort switch
    {
        BenchSort.PriceAsc => "l.price ASC, l.id DESC",
        BenchSort.PriceDesc => "l.price DESC, l.id DESC",
        BenchSort.YearDesc => "l.year DESC, l.id DESC",
        BenchSort.Newest => "l.created DESC, l.id DESC",
        BenchSort.Distance => "dist ASC, l.id DESC",
        _ => "l.id DESC",
    };

    public static void Add(List<KeyValuePair<string, object>> parameters, string name, object value)
    {
        if (!parameters.Exists(p => p.Key == name))
        {
            parameters.Add(new(name, value));
        }
    }

    /// <summary>A box around the circle (degrees, with a margin), as the engine's prefilter; no wrap-around (US data).</summary>
    public static (double South, double North, double West, double East) Box(RadiusFilter g)
    {
        const double earthRadius = 6_371_008.8;
        const double margin = 1e-6;
        var delta = g.Meters / earthRadius;
        var latDelta = (delta * 180 / Math.PI) + margin;
        var ratio = Math.Sin(delta) / Math.Cos(g.Latitude * Math.PI / 180);
        var lngDelta = ratio >= 1 ? 180 : (Math.Asin(ratio) * 180 / Math.PI) + margin;
        return (g.Latitude - latDelta, g.Latitude + latDelta, g.Longitude - lngDelta, g.Longitude + lngDelta);
    }

    /// <summary>The engine's haversine (mean Earth radius), bit for bit, for SQLite's registered function.</summary>
    public static double Haversine(double lat1, double lng1, double lat2, double lng2)
    {
        const double earthRadius = 6_371_008.8;
        const double toRadians = Math.PI / 180;
        var dLat = (lat2 - lat1) * toRadians;
        var dLng = (lng2 - lng1) * toRadians;
        var sinLat = Math.Sin(dLat / 2);
        var sinLng = Math.Sin(dLng / 2);
        var a = (sinLat * sinLat) + (Math.Cos(lat1 * toRadians) * Math.Cos(lat2 * toRadians) * sinLng * sinLng);
        return 2 * earthRadius * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

using Mercato.Search.Querying;

namespace Mercato.Search.Tests.Oracle;

internal abstract record F
{
    public abstract string Render();
}

internal sealed record FAnd(F[] Children) : F
{
    public override string Render() => "(" + string.Join(" AND ", Children.Select(c => c.Render())) + ")";
}

internal sealed record FOr(F[] Children) : F
{
    public override string Render() => "(" + string.Join(" OR ", Children.Select(c => c.Render())) + ")";
}

internal sealed record FNot(F Child) : F
{
    public override string Render() => "NOT " + Child.Render();
}

/// <summary>A leaf condition. Op is the surface operator; negated surface forms (!=, NOT IN…) are their own ops.</summary>
internal sealed record FCond(string Field, string Op, string[] Values) : F
{
    public bool Negated => Op is "!=" or "NOT IN" or "NOT EXISTS" or "IS NOT NULL" or "IS NOT EMPTY";

    public override string Render() => Op switch
    {
        "TO" => $"{Field} {Q(Values[0])} TO {Q(Values[1])}",
        "IN" or "NOT IN" => $"{Field} {Op} [{string.Join(", ", Values.Select(Q))}]",
        "EXISTS" or "NOT EXISTS" or "IS NULL" or "IS NOT NULL" or "IS EMPTY" or "IS NOT EMPTY" => $"{Field} {Op}",
        _ => $"{Field} {Op} {Q(Values[0])}",
    };

    private static string Q(string v) => "\"" + v.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}

internal sealed record FRadius(double Lat, double Lng, double Meters) : F
{
    public override string Render() => $"_geoRadius({Model.Num(Lat)}, {Model.Num(Lng)}, {Model.Num(Meters)})";
}

internal sealed record FBox(double North, double East, double South, double West) : F
{
    public override string Render() => $"_geoBoundingBox([{Model.Num(North)}, {Model.Num(East)}], [{Model.Num(South)}, {Model.Num(West)}])";
}

/// <summary>Random filters and their brute-force evaluation.</summary>
internal static class Filters
{
    private static readonly string[] Fields = ["make", "tags", "price", "rating", "created", "used", "location"];
    private static readonly string[] Ops = ["=", "!=", ">", ">=", "<", "<=", "TO", "IN", "NOT IN", "EXISTS", "NOT EXISTS", "IS NULL", "IS NOT NULL", "IS EMPTY", "IS NOT EMPTY"];

    public static F Random(Random r, int depth = 0)
    {
        var roll = r.Next(depth >= 3 ? 6 : 10);
        return roll switch
        {
            < 5 => Leaf(r),
            5 => r.Next(2) == 0 ? Radius(r) : Box(r),
            6 => new FAnd([.. Enumerable.Range(0, r.Next(2, 4)).Select(_ => Random(r, depth + 1))]),
            7 => SameFieldOr(r),
            8 => new FOr([.. Enumerable.Range(0, r.Next(2, 4)).Select(_ => Random(r, depth + 1))]),
            _ => new FNot(Random(r, depth + 1)),
        };
    }

    /// <summary>A checkbox-style OR of equalities on one field (disjunctive for facets).</summary>
    private static FOr SameFieldOr(Random r)
    {
        var field = r.Next(2) == 0 ? "make" : "tags";
        return new FOr([.. Enumerable.Range(0, r.Next(2, 4)).Select(_ => new FCond(field, "=", [ValueFor(r, field)]))]);
    }

    private static FRadius Radius(Random r) => new(40 + (r.NextDouble() * 2), -75 + (r.NextDouble() * 2), r.Next(0, 4) * 40_000.0);

    private static FBox Box(Random r)
    {
        var south = 40 + (r.NextDouble() * 2);
        var west = -75 + (r.NextDouble() * 2);
        return new FBox(south + (r.NextDouble() * 1.5), west + (r.NextDouble() * 1.5), south, west);
    }

    private static FCond Leaf(Random r)
    {
        var field = Fields[r.Next(Fields.Length)];
        if (field == "location")
        {
            return new FCond(field, Ops[9 + r.Next(6)], []);
        }

        var op = Ops[r.Next(Ops.Length)];
        if (field == "used" && op is ">" or ">=" or "<" or "<=" or "TO")
        {
            op = "=";
        }

        string[] values = op switch
        {
            "TO" => [ValueFor(r, field), ValueFor(r, field)],
            "IN" or "NOT IN" => [.. Enumerable.Range(0, r.Next(0, 4)).Select(_ => ValueFor(r, field))],
            "EXISTS" or "NOT EXISTS" or "IS NULL" or "IS NOT NULL" or "IS EMPTY" or "IS NOT EMPTY" => [],
            _ => [ValueFor(r, field)],
        };
        return new FCond(field, op, values);
    }

    public static string ValueFor(Random r, string field) => field switch
    {
        "make" => Model.Makes[r.Next(Model.Makes.Length - 2)].ToUpperInvariant() is var u && r.Next(3) == 0 ? u : Model.Makes[r.Next(Model.Makes.Length - 2)],
        "tags" => Model.Tags[r.Next(Model.Tags.Length)],
        "price" => Model.Num(r.Next(0, 20) * 1000),
        "rating" => Model.Num(r.Next(0, 11) / 2.0),
        "created" => r.Next(2) == 0 ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(Model.BaseDate + (r.Next(-5, 6) * Model.Day)).UtcDateTime).ToString("yyyy-MM-dd") : Model.Num(Model.BaseDate + (r.Next(-5, 6) * Model.Day)),
        _ => r.Next(2) == 0 ? "true" : "false",
    };

    public static bool Eval(F f, Doc d) => f switch
    {
        FAnd a => a.Children.All(c => Eval(c, d)),
        FOr o => o.Children.Any(c => Eval(c, d)),
        FNot n => !Eval(n.Child, d),
        FRadius g => d.Fields.TryGetValue("location", out var v) && v.Raw is (double lat, double lng) && Geo.Distance(g.Lat, g.Lng, lat, lng) <= g.Meters,
        FBox b => d.Fields.TryGetValue("location", out var v) && v.Raw is (double lat, double lng) && lat >= b.South && lat <= b.North && lng >= b.West && lng <= b.East,
        FCond c => Cond(c, d),
        _ => throw new InvalidOperationException(),
    };

    private static bool Cond(FCond c, Doc d)
    {
        d.Fields.TryGetValue(c.Field, out var v);
        switch (c.Op)
        {
            case "EXISTS": return v is not null;
            case "NOT EXISTS": return v is null;
            case "IS NULL": return v is { Raw: null };
            case "IS NOT NULL": return v is not { Raw: null };
            case "IS EMPTY": return v is not null && IsEmpty(v);
            case "IS NOT EMPTY": return !(v is not null && IsEmpty(v));
            case "!=": return !Cond(c with { Op = "=" }, d);
            case "NOT IN": return !Cond(c with { Op = "IN" }, d);
        }

        if (v?.Raw is null)
        {
            return false;
        }

        return c.Field switch
        {
            "make" or "tags" or "used" => Keys(v).Any(k => CompareKey(k, c)),
            _ => CompareNumber(Convert.ToDouble(v.Raw, System.Globalization.CultureInfo.InvariantCulture), c),
        };
    }

    private static bool IsEmpty(Value v) => v.Raw switch
    {
        string s => Norm(s).Length == 0,
        string[] list => list.All(s => Norm(s).Length == 0),
        _ => false,
    };

    public static string Norm(string s) => s.Trim().ToLowerInvariant();

    public static IEnumerable<string> Keys(Value v) => v.Raw switch
    {
        string s => Norm(s).Length == 0 ? [] : [Norm(s)],
        string[] list => list.Select(Norm).Where(k => k.Length > 0).Distinct(),
        bool b => [b ? "true" : "false"],
        _ => [],
    };

    private static bool CompareKey(string k, FCond c)
    {
        var x = c.Values.Select(Norm).ToArray();
        return c.Op switch
        {
            "=" => k == x[0],
            "IN" => x.Contains(k),
            ">" => string.CompareOrdinal(k, x[0]) > 0,
            ">=" => string.CompareOrdinal(k, x[0]) >= 0,
            "<" => string.CompareOrdinal(k, x[0]) < 0,
            "<=" => string.CompareOrdinal(k, x[0]) <= 0,
            _ => string.CompareOrdinal(k, x[0]) >= 0 && string.CompareOrdinal(k, x[1]) <= 0,
        };
    }

    private static double Number(string s) =>
        s.Contains('-', StringComparison.Ordinal) && s.Length == 10
            ? new DateTimeOffset(DateOnly.ParseExact(s, "yyyy-MM-dd").ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds()
            : double.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static bool CompareNumber(double n, FCond c)
    {
        var x = c.Values.Select(Number).ToArray();
        return c.Op switch
        {
            "=" => n == x[0],
            "IN" => x.Contains(n),
            ">" => n > x[0],
            ">=" => n >= x[0],
            "<" => n < x[0],
            "<=" => n <= x[0],
            _ => n >= x[0] && n <= x[1],
        };
    }

    /// <summary>Top-level AND conjuncts, nested ANDs flattened.</summary>
    public static List<F> Conjuncts(F? f) => f switch
    {
        null => [],
        FAnd a => [.. a.Children.SelectMany(Conjuncts)],
        _ => [f],
    };

    /// <summary>The field a conjunct selects disjunctively (IN, or OR of non-negated conditions on one field), or null.</summary>
    public static string? DisjunctiveField(F f)
    {
        if (f is FCond { Op: "IN" } c)
        {
            return c.Field;
        }

        if (f is not FOr)
        {
            return null;
        }

        var leaves = new List<F>();
        void Collect(F x)
        {
            if (x is FOr o)
            {
                foreach (var child in o.Children)
                {
                    Collect(child);
                }
            }
            else
            {
                leaves.Add(x);
            }
        }

        Collect(f);
        var fields = leaves.Select(l => l is FCond { Negated: false } lc ? lc.Field : null).Distinct().ToList();
        return fields.Count == 1 && fields[0] is { } field && field != "location" ? field : null;
    }
}

using Mercato.Search.Querying;
using Mercato.Search.Text;

namespace Mercato.Search.Tests.Oracle;

/// <summary>A brute-force search over a dictionary of documents: the reference the index must agree with.</summary>
internal sealed class Naive
{
    private readonly Dictionary<long, Doc> _docs = [];

    public IReadOnlyCollection<Doc> Docs => _docs.Values;

    public void Upsert(Doc d) => _docs[d.Id] = d;

    public bool Delete(long id) => _docs.Remove(id);

    public List<Doc> Match(string? q, F? filter) =>
        [.. _docs.Values.Where(d => (filter is null || Filters.Eval(filter, d)) && MatchesText(q, d))];

    public static bool MatchesText(string? q, Doc d)
    {
        var words = Tokenizer.Tokens(q);
        if (words.Count == 0)
        {
            return true;
        }

        var prefix = Folding.IsTokenChar(q![^1]);
        var tokens = new List<string>();
        foreach (var field in new[] { "title", "make" })
        {
            if (d.Fields.TryGetValue(field, out var v) && v.Raw is string s)
            {
                tokens.AddRange(Tokenizer.Tokens(s));
            }
        }

        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            var maxTypos = w.Any(char.IsDigit) ? 0 : w.Length >= 9 ? 2 : w.Length >= 5 ? 1 : 0;
            var last = i == words.Count - 1 && prefix;
            if (!tokens.Any(t => t == w || Osa(w, t) <= maxTypos || (last && t.StartsWith(w, StringComparison.Ordinal))))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Optimal string alignment distance (adjacent transpositions count one edit).</summary>
    public static int Osa(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    /// <summary>Orders by the sort criteria (missing last), then id descending.</summary>
    public static List<Doc> Sort(List<Doc> docs, IReadOnlyList<string> sort)
    {
        var list = docs.ToList();
        list.Sort((a, b) =>
        {
            foreach (var s in sort)
            {
                var c = CompareBy(a, b, s);
                if (c != 0)
                {
                    return c;
                }
            }

            return b.Id.CompareTo(a.Id);
        });
        return list;
    }

    private static int CompareBy(Doc a, Doc b, string criterion)
    {
        var desc = criterion.EndsWith(":desc", StringComparison.Ordinal);
        var name = criterion[..criterion.LastIndexOf(':')];
        var ka = SortKey(a, name);
        var kb = SortKey(b, name);
        if (ka is null || kb is null)
        {
            return ka is null && kb is null ? 0 : ka is null ? 1 : -1;
        }

        var c = ka is string sa ? string.CompareOrdinal(sa, (string)kb) : ((double)ka).CompareTo((double)kb);
        return desc ? -c : c;
    }

    public static object? SortKey(Doc d, string name)
    {
        if (name.StartsWith("_geoPoint(", StringComparison.Ordinal))
        {
            var parts = name[10..^1].Split(',');
            var lat = double.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture);
            var lng = double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            return d.Fields.TryGetValue("location", out var g) && g.Raw is (double glat, double glng) ? Geo.Distance(lat, lng, glat, glng) : null;
        }

        if (!d.Fields.TryGetValue(name, out var v) || v.Raw is null)
        {
            return null;
        }

        return v.Raw switch
        {
            string s => Filters.Norm(s).Length == 0 ? null : Filters.Norm(s),
            double x => x,
            _ => null,
        };
    }

    /// <summary>Facet counts keyed by normalized value; disjunctive conjuncts on the facet itself are ignored.</summary>
    public Dictionary<string, int> Facet(string facet, string? q, F? filter)
    {
        var conjuncts = Filters.Conjuncts(filter).Where(c => Filters.DisjunctiveField(c) != facet).ToArray();
        var counts = new Dictionary<string, int>();
        foreach (var d in _docs.Values)
        {
            if (!MatchesText(q, d) || !conjuncts.All(c => Filters.Eval(c, d)) || !d.Fields.TryGetValue(facet, out var v) || v.Raw is null)
            {
                continue;
            }

            var keys = v.Raw is double x ? [Model.Num(x)] : Filters.Keys(v);
            foreach (var k in keys)
            {
                counts[k] = counts.GetValueOrDefault(k) + 1;
            }
        }

        return counts;
    }
}

using System.Globalization;
using System.Text;

namespace Mercato.Bench.Search;

/// <summary>
/// The engine's text semantics restated for the SQL peers: tokens are runs of letters and digits, lower-cased; every
/// query word must match; the last word matches as a prefix unless the query ends with a separator.
/// </summary>
internal static class BenchText
{
    public static List<string> Tokens(string? text)
    {
        var tokens = new List<string>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }

    public static bool LastIsPrefix(string text) => text.Length > 0 && char.IsLetterOrDigit(text[^1]);

    /// <summary>FTS5: every word quoted (so no word is read as an operator), the last one with '*'.</summary>
    public static string Fts5Query(string text)
    {
        var words = Tokens(text);
        var prefix = LastIsPrefix(text);
        return string.Join(' ', words.Select((w, i) => $"\"{w}\"{(prefix && i == words.Count - 1 ? "*" : "")}"));
    }

    /// <summary>PostgreSQL to_tsquery('simple', …): words joined by '&amp;', the last one with ':*'.</summary>
    public static string TsQuery(string text)
    {
        var words = Tokens(text);
        var prefix = LastIsPrefix(text);
        return string.Join(" & ", words.Select((w, i) => $"{w}{(prefix && i == words.Count - 1 ? ":*" : "")}"));
    }

    /// <summary>Typos the engine allows a query word: none with digits or under 5 letters, 1 from 5, 2 from 9.</summary>
    public static int MaxTypos(string word) => word.Any(char.IsDigit) ? 0 : word.Length >= 9 ? 2 : word.Length >= 5 ? 1 : 0;

    /// <summary>Damerau (optimal string alignment) distance, stopping early above <paramref name="limit"/>.</summary>
    public static int Distance(string a, string b, int limit)
    {
        if (Math.Abs(a.Length - b.Length) > limit)
        {
            return limit + 1;
        }

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
                var v = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    v = Math.Min(v, d[i - 2, j - 2] + 1);
                }

                d[i, j] = v;
            }
        }

        return d[a.Length, b.Length];
    }

    public static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>
/// The distinct words of the indexed text, collected while a peer loads. It decides whether a text query is
/// comparable: exact SQL text matching equals the engine's only when no word has a typo neighbour in the vocabulary
/// and the last word's prefix expands to no more terms than the engine keeps.
/// </summary>
internal sealed class BenchVocabulary
{
    // VINs (17 characters) are unique per row and never within two edits of a query word; leaving them out keeps this small.
    private const int MaxTermLength = 14;
    private readonly HashSet<string> _terms = new(StringComparer.Ordinal);
    private string[]? _sorted;

    public int Count => _terms.Count;

    public void Add(BenchListing row)
    {
        var v = row.Vehicle;
        AddText(v.Title);
        AddText(v.Description);
        AddText(v.Make);
        AddText(v.Model);
        AddText(v.Trim);
    }

    private void AddText(string text)
    {
        foreach (var token in BenchText.Tokens(text))
        {
            if (token.Length <= MaxTermLength)
            {
                _terms.Add(token);
            }
        }
    }

    /// <summary>Null when exact matching reproduces the engine for this text; otherwise why not.</summary>
    public string? WhyNotComparable(string text, int maxPrefixExpansions)
    {
        _sorted ??= [.. _terms.Order(StringComparer.Ordinal)];
        var words = BenchText.Tokens(text);
        var prefix = BenchText.LastIsPrefix(text);
        for (var w = 0; w < words.Count; w++)
        {
            var word = words[w];
            var isPrefix = prefix && w == words.Count - 1;
            var typos = BenchText.MaxTypos(word);
            if (typos > 0)
            {
                foreach (var term in _sorted)
                {
                    if (term != word && !(isPrefix && term.StartsWith(word, StringComparison.Ordinal)) && BenchText.Distance(word, term, typos) <= typos)
                    {
                        return $"'{word}' is within {typos} typo(s) of '{term}'";
                    }
                }
            }

            if (isPrefix && _sorted.Count(t => t.StartsWith(word, StringComparison.Ordinal)) > maxPrefixExpansions)
            {
                return $"prefix '{word}' expands to more than {maxPrefixExpansions} terms";
            }
        }

        return null;
    }
}

namespace Mercato.Search.Text;

/// <summary>
/// Finds the terms of a sorted dictionary within a Damerau (optimal string alignment) distance of a word, walking
/// the sorted terms as an implicit trie: rows of shared prefixes are reused and hopeless prefixes are skipped.
/// </summary>
internal static class TypoSearch
{
    public static void Find(string[] terms, string word, int maxTypos, List<(int Term, int Typos)> results)
    {
        var m = word.Length;
        var width = m + 1;
        var maxDepth = Tokenizer.BufferLength + 1;
        var rows = new int[(maxDepth + 1) * width];
        var rowMin = new int[maxDepth + 1];
        for (var j = 0; j <= m; j++)
        {
            rows[j] = j;
        }

        string computed = "";
        var computedDepth = 0;
        var i = 0;
        while (i < terms.Length)
        {
            var t = terms[i];
            var lcp = 0;
            var limit = Math.Min(Math.Min(computed.Length, t.Length), computedDepth);
            while (lcp < limit && computed[lcp] == t[lcp])
            {
                lcp++;
            }

            var pruned = -1;
            for (var d = lcp + 1; d <= t.Length; d++)
            {
                var row = d * width;
                var prev = row - width;
                var c = t[d - 1];
                rows[row] = d;
                var min = d;
                for (var j = 1; j <= m; j++)
                {
                    var cost = word[j - 1] == c ? 0 : 1;
                    var v = Math.Min(Math.Min(rows[prev + j] + 1, rows[row + j - 1] + 1), rows[prev + j - 1] + cost);
                    if (d > 1 && j > 1 && c == word[j - 2] && t[d - 2] == word[j - 1])
                    {
                        v = Math.Min(v, rows[prev - width + j - 2] + 1);
                    }

                    rows[row + j] = v;
                    min = Math.Min(min, v);
                }

                rowMin[d] = min;

                // No extension can recover once two consecutive rows exceed the budget (transpositions look back one row).
                if (min > maxTypos && rowMin[d - 1] >= maxTypos && d > 1)
                {
                    pruned = d;
                    break;
                }
            }

            if (pruned > 0)
            {
                computed = t;
                computedDepth = pruned - 1;
                i = SkipPrefix(terms, i, t.AsSpan(0, pruned));
                continue;
            }

            computed = t;
            computedDepth = t.Length;
            var distance = rows[(t.Length * width) + m];
            if (distance <= maxTypos)
            {
                results.Add((i, distance));
            }

            i++;
        }
    }

    /// <summary>First index after <paramref name="from"/> whose term does not start with <paramref name="prefix"/>.</summary>
    private static int SkipPrefix(string[] terms, int from, ReadOnlySpan<char> prefix)
    {
        int lo = from + 1, hi = terms.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (terms[mid].AsSpan().StartsWith(prefix, StringComparison.Ordinal))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}

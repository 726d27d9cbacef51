using Mercato.Search.Storage;

namespace Mercato.Search.Querying;

/// <summary>Relevance signals of the candidates of one segment, indexed like the candidate array.</summary>
internal sealed class Relevance
{
    public Relevance(int n)
    {
        Score = new double[n];
        Typos = new int[n];
        Proximity = new int[n];
        Exact = new int[n];
    }

    /// <summary>Sum over words and fields of field weight × BM25 × expansion factor.</summary>
    public double[] Score { get; }

    /// <summary>Sum over words of the fewest typos the word matched with.</summary>
    public int[] Typos { get; }

    /// <summary>Sum over consecutive word pairs of their distance in the closest field (1 = adjacent, capped at 8).</summary>
    public int[] Proximity { get; }

    /// <summary>Words matched by their exact term (no typo, not only as a prefix).</summary>
    public int[] Exact { get; }
}

/// <summary>Matching and BM25 scoring of the full-text part of a query on one segment.</summary>
internal static class TextScorer
{
    public const int MaxProximity = 8;
    private const byte NoPosition = 255;
    private const int ProximityBudget = 16_000_000;

    [ThreadStatic]
    private static int[]? t_candIndex;

    /// <summary>Term id in the segment per word and expansion (-1 when absent).</summary>
    public static int[][] TermIds(TextQuery tq, Segment seg)
    {
        var ids = new int[tq.Words.Length][];
        for (var w = 0; w < ids.Length; w++)
        {
            ids[w] = new int[tq.Expansions[w].Length];
            for (var e = 0; e < ids[w].Length; e++)
            {
                ids[w][e] = seg.Text?.Find(tq.Expansions[w][e].Term) ?? -1;
            }
        }

        return ids;
    }

    /// <summary>Documents containing every query word (through any expansion, in any searchable field).</summary>
    public static ulong[] Match(TextQuery tq, Segment seg, int[][] termIds)
    {
        ulong[]? result = null;
        for (var w = 0; w < termIds.Length; w++)
        {
            var bits = Bits.New(seg.Count);
            foreach (var id in termIds[w])
            {
                if (id < 0)
                {
                    continue;
                }

                foreach (var field in seg.Text!.Fields)
                {
                    Bits.SetAll(bits, field.PostOrds.AsSpan(field.PostStart[id], field.PostStart[id + 1] - field.PostStart[id]));
                }
            }

            if (result is null)
            {
                result = bits;
            }
            else
            {
                Bits.And(result, bits);
            }
        }

        return result ?? Bits.New(seg.Count);
    }

    /// <summary>
    /// Adds to <paramref name="matched"/> the expansion terms having a posting in <paramref name="r"/> (walks each
    /// posting list only up to its first hit).
    /// </summary>
    public static void CollectMatched(TextQuery tq, Segment seg, int[][] termIds, ulong[] r, HashSet<string> matched)
    {
        if (seg.Text is null)
        {
            return;
        }

        for (var w = 0; w < termIds.Length; w++)
        {
            for (var e = 0; e < termIds[w].Length; e++)
            {
                var id = termIds[w][e];
                var term = tq.Expansions[w][e].Term;
                if (id < 0 || matched.Contains(term))
                {
                    continue;
                }

                foreach (var field in seg.Text.Fields)
                {
                    var ords = field.PostOrds.AsSpan(field.PostStart[id], field.PostStart[id + 1] - field.PostStart[id]);
                    var hit = false;
                    foreach (var ord in ords)
                    {
                        if ((r[ord >> 6] & (1UL << ord)) != 0)
                        {
                            hit = true;
                            break;
                        }
                    }

                    if (hit)
                    {
                        matched.Add(term);
                        break;
                    }
                }
            }
        }
    }

    /// <summary>Documents where every query word matches without a typo (exactly or as a prefix) in some field.</summary>
    public static ulong[] ZeroTypoMatch(TextQuery tq, Segment seg, int[][] termIds)
    {
        ulong[]? result = null;
        for (var w = 0; w < termIds.Length; w++)
        {
            var bits = Bits.New(seg.Count);
            for (var e = 0; e < termIds[w].Length; e++)
            {
                var id = termIds[w][e];
                if (id < 0 || tq.Expansions[w][e].Typos != 0)
                {
                    continue;
                }

                foreach (var field in seg.Text!.Fields)
                {
                    Bits.SetAll(bits, field.PostOrds.AsSpan(field.PostStart[id], field.PostStart[id + 1] - field.PostStart[id]));
                }
            }

            if (result is null)
            {
                result = bits;
            }
            else
            {
                Bits.And(result, bits);
            }
        }

        return result ?? Bits.New(seg.Count);
    }

    /// <summary>First index in [from, to) of <paramref name="ords"/> (ascending) holding a value ≥ <paramref name="target"/>.</summary>
    private static int Gallop(int[] ords, int from, int to, int target)
    {
        var step = 1;
        var hi = from;
        while (hi < to && ords[hi] < target)
        {
            from = hi + 1;
            hi += step;
            step <<= 1;
        }

        hi = Math.Min(hi, to);
        while (from < hi)
        {
            var mid = (from + hi) >>> 1;
            if (ords[mid] < target)
            {
                from = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return from;
    }

    /// <summary>Scores the candidates (ascending ordinals, all set in <paramref name="r"/>).</summary>
    public static Relevance Score(TextQuery tq, Segment seg, int[][] termIds, ulong[] r, int[] cands, int n)
    {
        var rel = new Relevance(n);
        if (n == 0 || seg.Text is null)
        {
            return rel;
        }

        var index = t_candIndex;
        if (index is null || index.Length < seg.Count)
        {
            index = t_candIndex = new int[Math.Max(seg.Count, 1024)];
        }

        for (var i = 0; i < n; i++)
        {
            index[cands[i]] = i;
        }

        var words = tq.Words.Length;
        var fields = seg.Text.Fields;
        var slots = fields.Length;
        var withProximity = words > 1 && (long)n * words * slots <= ProximityBudget;
        var positions = withProximity ? new byte[n * words * slots] : [];
        positions.AsSpan().Fill(NoPosition);
        var fieldBest = new double[n];
        var wordTypos = new int[n];
        var wordExact = new bool[n];
        for (var w = 0; w < words; w++)
        {
            wordTypos.AsSpan().Fill(int.MaxValue);
            wordExact.AsSpan().Clear();
            var expansions = tq.Expansions[w];
            for (var s = 0; s < slots; s++)
            {
                var field = fields[s];
                var weight = tq.Weights[s];
                var norm = TextQuery.K1 * (1 - TextQuery.B) / 1.0;
                var lengthFactor = TextQuery.K1 * TextQuery.B / tq.AvgLength[s];
                fieldBest.AsSpan().Clear();
                for (var e = 0; e < expansions.Length; e++)
                {
                    var id = termIds[w][e];
                    if (id < 0)
                    {
                        continue;
                    }

                    var exp = expansions[e];
                    var factor = weight * tq.Idf[w][e][s] * exp.Factor;
                    var exact = exp.Typos == 0 && !exp.Prefix;
                    var pFrom = field.PostStart[id];
                    var pTo = field.PostStart[id + 1];
                    var len = pTo - pFrom;
                    if (len == 0)
                    {
                        continue;
                    }

                    // Few candidates against a long posting list: gallop from candidate to candidate instead of walking it.
                    var galloping = (long)n * 16 < len;
                    var ci = 0;
                    for (var p = pFrom; p < pTo; p++)
                    {
                        if (galloping)
                        {
                            if (ci == n)
                            {
                                break;
                            }

                            p = Gallop(field.PostOrds, p, pTo, cands[ci++]);
                            if (p == pTo)
                            {
                                break;
                            }

                            while (ci < n && cands[ci] <= field.PostOrds[p])
                            {
                                ci++;
                            }
                        }

                        var ord = field.PostOrds[p];
                        if (!Bits.Get(r, ord))
                        {
                            continue;
                        }

                        var k = index[ord];
                        double tf = field.PostTf[p];
                        var c = factor * tf * (TextQuery.K1 + 1) / (tf + norm + (lengthFactor * field.Lengths[ord]));
                        if (c > fieldBest[k])
                        {
                            fieldBest[k] = c;
                        }

                        if (exp.Typos < wordTypos[k])
                        {
                            wordTypos[k] = exp.Typos;
                        }

                        wordExact[k] |= exact;
                        if (withProximity)
                        {
                            var at = (((k * words) + w) * slots) + s;
                            if (field.PostPos[p] < positions[at])
                            {
                                positions[at] = field.PostPos[p];
                            }
                        }
                    }
                }

                var score = rel.Score;
                for (var k = 0; k < n; k++)
                {
                    score[k] += fieldBest[k];
                }
            }

            for (var k = 0; k < n; k++)
            {
                rel.Typos[k] += wordTypos[k] == int.MaxValue ? 0 : wordTypos[k];
                rel.Exact[k] += wordExact[k] ? 1 : 0;
            }
        }

        if (withProximity)
        {
            for (var k = 0; k < n; k++)
            {
                var total = 0;
                for (var w = 0; w + 1 < words; w++)
                {
                    var best = MaxProximity;
                    for (var s = 0; s < slots; s++)
                    {
                        var a = positions[(((k * words) + w) * slots) + s];
                        var b = positions[(((k * words) + w + 1) * slots) + s];
                        if (a != NoPosition && b != NoPosition)
                        {
                            var d = b > a ? b - a : a - b + 1;
                            best = Math.Min(best, Math.Min(d, MaxProximity));
                        }
                    }

                    total += best;
                }

                rel.Proximity[k] = total;
            }
        }

        return rel;
    }
}

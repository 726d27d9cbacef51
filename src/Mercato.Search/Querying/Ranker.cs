using System.Numerics;
using Mercato.Search.Storage;

namespace Mercato.Search.Querying;

/// <summary>Selects the best-ranked candidates of one segment.</summary>
internal static class Ranker
{
    public static List<Candidate> Top(
        int seg, SegmentEval eval, TextQuery? text, SortCriterion[] criteria, Cursor? cursor, RankComparer comparer, int k, HashSet<string> matched)
    {
        var result = new List<Candidate>();
        if (eval.Count == 0 || k <= 0)
        {
            return result;
        }

        var segment = eval.View.Seg;
        if (text is null && criteria.Length == 0 && segment.SortedIds is null)
        {
            return NewestFirst(seg, segment, eval.Result, cursor, k);
        }

        if (text is null && criteria is [{ Kind: SortKind.Numeric } only] && segment.SortedIds is null && (long)eval.Count * 64 >= segment.Count)
        {
            return ByNumericColumn(seg, segment, eval.Result, only, cursor?.BoundFor(seg, segment, criteria), comparer, k);
        }

        var cands = Bits.ToOrds(eval.Result, eval.Count);
        var relevance = text is null ? null : TextScorer.Score(text, segment, eval.TermIds!, eval.Result, cands, eval.Count, matched);
        Candidate? bound = cursor?.BoundFor(seg, segment, criteria);

        // Max-heap on rank (worst on top): the priority is the candidate itself under the reversed comparer.
        var heap = new PriorityQueue<Candidate, Candidate>(Comparer<Candidate>.Create((a, b) => comparer.Compare(b, a)));
        for (var i = 0; i < eval.Count; i++)
        {
            var ord = cands[i];
            var c = new Candidate { Seg = seg, Ord = ord, Id = segment.Ids[ord], Distance = double.NaN };
            for (var j = 0; j < criteria.Length; j++)
            {
                c.SetKey(j, KeyOf(criteria[j], segment, ord, ref c));
            }

            if (relevance is not null)
            {
                c.Score = relevance.Score[i];
                c.Bucket = Candidate.Bucketize(c.Score);
                c.Typos = relevance.Typos[i];
                c.Proximity = relevance.Proximity[i];
                c.Exact = relevance.Exact[i];
            }

            if (bound is { } b && comparer.Compare(c, b) <= 0)
            {
                continue;
            }

            if (heap.Count < k)
            {
                heap.Enqueue(c, c);
            }
            else if (comparer.Compare(c, heap.Peek()) < 0)
            {
                heap.DequeueEnqueue(c, c);
            }
        }

        while (heap.Count > 0)
        {
            result.Add(heap.Dequeue());
        }

        return result;
    }

    private static double KeyOf(SortCriterion criterion, Segment segment, int ord, ref Candidate c)
    {
        var store = segment.Fields[criterion.Field]!;
        double key;
        switch (criterion.Kind)
        {
            case SortKind.Numeric:
                key = store.Numbers!.Values[ord];
                break;
            case SortKind.Keyword:
                var id = store.Values!.Single![ord];
                key = id < 0 ? double.NaN : id;
                break;
            default:
                var lat = store.Geo!.Lat[ord];
                key = double.IsNaN(lat) ? double.NaN : Geo.Distance(criterion.Lat, criterion.Lng, lat, store.Geo.Lng[ord]);
                if (double.IsNaN(c.Distance))
                {
                    c.Distance = key;
                }

                break;
        }

        return double.IsNaN(key) ? double.PositiveInfinity : criterion.Descending ? -key : key;
    }

    /// <summary>
    /// One numeric sort over a large result: walk the column's value-sorted ordinals and stop after k hits instead
    /// of ranking every document. Ties run by ordinal descending (= id descending, as ids ascend); missing values last.
    /// </summary>
    private static List<Candidate> ByNumericColumn(int seg, Segment segment, ulong[] bits, SortCriterion criterion, Candidate? bound, RankComparer comparer, int k)
    {
        var column = segment.Fields[criterion.Field]!.Numbers!;
        var sorted = column.Sorted;
        var values = column.SortedValues;
        var result = new List<Candidate>(Math.Min(k, 1024));
        bool Offer(int ord, double value)
        {
            if (!Bits.Get(bits, ord))
            {
                return false;
            }

            var c = new Candidate { Seg = seg, Ord = ord, Id = segment.Ids[ord], Distance = double.NaN, K0 = double.IsPositiveInfinity(value) || !criterion.Descending ? value : -value };
            if (bound is { } b && comparer.Compare(c, b) <= 0)
            {
                return false;
            }

            result.Add(c);
            return result.Count >= k;
        }

        if (criterion.Descending)
        {
            for (var i = sorted.Length - 1; i >= 0; i--)
            {
                if (Offer(sorted[i], values[i]))
                {
                    return result;
                }
            }
        }
        else
        {
            for (var i = 0; i < sorted.Length;)
            {
                var end = i + 1;
                while (end < sorted.Length && values[end] == values[i])
                {
                    end++;
                }

                for (var j = end - 1; j >= i; j--)
                {
                    if (Offer(sorted[j], values[j]))
                    {
                        return result;
                    }
                }

                i = end;
            }
        }

        var all = column.Values;
        for (var ord = segment.Count - 1; ord >= 0; ord--)
        {
            if (double.IsNaN(all[ord]) && Offer(ord, double.PositiveInfinity))
            {
                return result;
            }
        }

        return result;
    }

    /// <summary>Default order without q or sort: id descending, which is ordinal descending when ids ascend.</summary>
    private static List<Candidate> NewestFirst(int seg, Segment segment, ulong[] bits, Cursor? cursor, int k)
    {
        var result = new List<Candidate>(Math.Min(k, 1024));
        var below = cursor?.Last.Id ?? long.MaxValue;
        for (var w = bits.Length - 1; w >= 0 && result.Count < k; w--)
        {
            var word = bits[w];
            while (word != 0 && result.Count < k)
            {
                var bit = 63 - BitOperations.LeadingZeroCount(word);
                word &= ~(1UL << bit);
                var ord = (w << 6) + bit;
                var id = segment.Ids[ord];
                if (id < below)
                {
                    result.Add(new Candidate { Seg = seg, Ord = ord, Id = id, Distance = double.NaN });
                }
            }
        }

        return result;
    }
}

using System.Numerics;
using Mercato.Search.Storage;

namespace Mercato.Search.Querying;

/// <summary>Selects the best-ranked candidates of one segment.</summary>
internal static class Ranker
{
    public static List<Candidate> Top(
        int seg, SegmentEval eval, TextQuery? text, SortCriterion[] criteria, Cursor? cursor, RankComparer comparer, int k, HashSet<string> matched, bool shortcuts = true)
    {
        var result = new List<Candidate>();
        if (eval.Count == 0 || k <= 0)
        {
            return result;
        }

        var segment = eval.View.Seg;
        if (text is not null)
        {
            TextScorer.CollectMatched(text, segment, eval.TermIds!, eval.Result, matched);
        }

        if (text is null && criteria.Length == 0 && segment.SortedIds is null)
        {
            return NewestFirst(seg, segment, eval.Result, cursor, k);
        }

        Candidate? bound = cursor?.BoundFor(seg, segment, criteria);
        if (text is null && criteria is [{ Kind: SortKind.Numeric } only] && segment.SortedIds is null && (long)eval.Count * 64 >= segment.Count)
        {
            return ByNumericColumn(seg, segment, eval.Result, only, bound, comparer, k);
        }

        if (shortcuts && criteria.Length > 0 && WalkPays(k, eval.Count, segment.Count))
        {
            // The first criterion decides: gather whole groups of equal first keys, best first, until k documents
            // are certain to be among them; only those are scored and ranked.
            var subset = criteria[0].Kind switch
            {
                SortKind.Numeric => ByNumericGroups(segment, eval.Result, criteria[0], bound, k),
                SortKind.Keyword => ByKeywordGroups(segment, eval.Result, criteria[0], bound, k),
                _ => criteria[0].Descending ? null : Nearest(segment, eval.Result, criteria[0], bound, k),
            };
            if (subset is not null)
            {
                return RankSubset(seg, segment, eval, subset.Value.Ords, subset.Value.Count, text, criteria, bound, comparer, k);
            }
        }

        if (shortcuts && text is not null && criteria.Length == 0 && eval.Count > k && (bound is null || bound.Value.Typos == 0))
        {
            // Typos rank first: when enough documents match every word without a typo, the others cannot make the page.
            var zero = TextScorer.ZeroTypoMatch(text, segment, eval.TermIds!);
            Bits.And(zero, eval.Result);
            var count = Bits.Count(zero);
            if (count >= k && count < eval.Count)
            {
                var top = Rank(seg, segment, eval, zero, Bits.ToOrds(zero, count), count, text, criteria, bound, comparer, k);
                if (top.Count >= k)
                {
                    return top;
                }
            }
        }

        return Rank(seg, segment, eval, eval.Result, Bits.ToOrds(eval.Result, eval.Count), eval.Count, text, criteria, bound, comparer, k);
    }

    /// <summary>Walking the first criterion's order until k hits is cheaper than ranking every match.</summary>
    private static bool WalkPays(int k, int count, int segmentCount) => (long)k * segmentCount <= (long)count * count * 2;

    private static List<Candidate> RankSubset(
        int seg, Segment segment, SegmentEval eval, int[] ords, int n, TextQuery? text, SortCriterion[] criteria, Candidate? bound, RankComparer comparer, int k)
    {
        Array.Sort(ords, 0, n);
        var bits = Bits.New(segment.Count);
        for (var i = 0; i < n; i++)
        {
            Bits.Set(bits, ords[i]);
        }

        return Rank(seg, segment, eval, bits, ords, n, text, criteria, bound, comparer, k);
    }

    /// <summary>Ranks the candidates <paramref name="cands"/> (ascending, exactly the bits of <paramref name="r"/>) and keeps the best k.</summary>
    private static List<Candidate> Rank(
        int seg, Segment segment, SegmentEval eval, ulong[] r, int[] cands, int n, TextQuery? text, SortCriterion[] criteria, Candidate? bound, RankComparer comparer, int k)
    {
        var result = new List<Candidate>();
        var relevance = text is null ? null : TextScorer.Score(text, segment, eval.TermIds!, r, cands, n);

        // Max-heap on rank (worst on top): the priority is the candidate itself under the reversed comparer.
        var heap = new PriorityQueue<Candidate, Candidate>(Comparer<Candidate>.Create((a, b) => comparer.Compare(b, a)));
        for (var i = 0; i < n; i++)
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

    /// <summary>Growable ordinal list backed by the query arena.</summary>
    private struct OrdList
    {
        public int[] Ords;
        public int Count;

        public static OrdList Create() => new() { Ords = BitmapArena.Ints(1024) };

        public void Add(int ord)
        {
            if (Count == Ords.Length)
            {
                var bigger = BitmapArena.Ints(Count * 2);
                Array.Copy(Ords, bigger, Count);
                Ords = bigger;
            }

            Ords[Count++] = ord;
        }
    }

    /// <summary>
    /// Candidates for a numeric first criterion: whole groups of equal values in sort order (missing values last),
    /// starting at the cursor's group, until k documents ranked after the cursor's group are gathered.
    /// </summary>
    private static (int[] Ords, int Count)? ByNumericGroups(Segment segment, ulong[] bits, SortCriterion criterion, Candidate? bound, int k)
    {
        var column = segment.Fields[criterion.Field]!.Numbers!;
        var sorted = column.Sorted;
        var values = column.SortedValues;
        var list = OrdList.Create();
        var counted = 0;
        var b = bound?.K0 ?? double.NegativeInfinity;
        var n = sorted.Length;
        if (!double.IsPositiveInfinity(b))
        {
            if (criterion.Descending)
            {
                // key = -value: walk values from high to low, starting at value ≤ -b.
                var i = double.IsNegativeInfinity(b) ? n - 1 : column.LowerBound(-b, true) - 1;
                while (i >= 0 && counted < k)
                {
                    var v = values[i];
                    var strict = -v > b;
                    for (; i >= 0 && values[i] == v; i--)
                    {
                        if (Bits.Get(bits, sorted[i]))
                        {
                            list.Add(sorted[i]);
                            counted += strict ? 1 : 0;
                        }
                    }
                }
            }
            else
            {
                var i = double.IsNegativeInfinity(b) ? 0 : column.LowerBound(b, false);
                while (i < n && counted < k)
                {
                    var v = values[i];
                    var strict = v > b;
                    for (; i < n && values[i] == v; i++)
                    {
                        if (Bits.Get(bits, sorted[i]))
                        {
                            list.Add(sorted[i]);
                            counted += strict ? 1 : 0;
                        }
                    }
                }
            }
        }

        if (counted < k)
        {
            var all = column.Values;
            for (var ord = 0; ord < all.Length; ord++)
            {
                if (double.IsNaN(all[ord]) && Bits.Get(bits, ord))
                {
                    list.Add(ord);
                }
            }
        }

        return (list.Ords, list.Count);
    }

    /// <summary>Like <see cref="ByNumericGroups"/> for a keyword first criterion (value ids are ranks in key order).</summary>
    private static (int[] Ords, int Count)? ByKeywordGroups(Segment segment, ulong[] bits, SortCriterion criterion, Candidate? bound, int k)
    {
        var column = segment.Fields[criterion.Field]!.Values!;
        if (column.Single is not { } single)
        {
            return null;
        }

        var list = OrdList.Create();
        var counted = 0;
        var b = bound?.K0 ?? double.NegativeInfinity;
        var values = column.ValueCount;
        for (var i = 0; i < values && counted < k && !double.IsPositiveInfinity(b); i++)
        {
            var v = criterion.Descending ? values - 1 - i : i;
            double key = criterion.Descending ? -v : v;
            if (key < b)
            {
                continue;
            }

            var strict = key > b;
            foreach (var ord in column.Ords(v))
            {
                if (Bits.Get(bits, ord))
                {
                    list.Add(ord);
                    counted += strict ? 1 : 0;
                }
            }
        }

        if (counted < k)
        {
            for (var ord = 0; ord < single.Length; ord++)
            {
                if (single[ord] < 0 && Bits.Get(bits, ord))
                {
                    list.Add(ord);
                }
            }
        }

        return (list.Ords, list.Count);
    }

    /// <summary>
    /// Candidates for an ascending distance first criterion: grid cells in square rings around the origin until k
    /// documents after the cursor lie closer than anything outside the rings. Null when the rings would reach a pole,
    /// the antimeridian or grow too large (the caller ranks every match then).
    /// </summary>
    private static (int[] Ords, int Count)? Nearest(Segment segment, ulong[] bits, SortCriterion criterion, Candidate? bound, int k)
    {
        var geo = segment.Fields[criterion.Field]!.Geo!;
        var lat0 = criterion.Lat;
        var lng0 = criterion.Lng;
        var row0 = GeoColumn.LatIndex(lat0);
        var col0 = GeoColumn.LngIndex(lng0);
        var b = bound?.K0 ?? double.NegativeInfinity;
        if (double.IsPositiveInfinity(b))
        {
            return null;
        }

        var list = OrdList.Create();
        var dist = new List<double>();
        const double toRad = Math.PI / 180;
        for (var ring = 0; ring <= GeoColumn.MaxRings; ring++)
        {
            int rowLo = row0 - ring, rowHi = row0 + ring, colLo = col0 - ring, colHi = col0 + ring;
            if (rowLo < 0 || rowHi >= GeoColumn.LatCells || colLo < 0 || colHi >= GeoColumn.LngCells)
            {
                return null;
            }

            for (var row = rowLo; row <= rowHi; row++)
            {
                var edge = row == rowLo || row == rowHi;
                for (var col = colLo; col <= colHi; col += edge || ring == 0 ? 1 : colHi - colLo)
                {
                    var (from, to) = geo.Cell((row * GeoColumn.LngCells) + col);
                    for (var j = from; j < to; j++)
                    {
                        var ord = geo.CellOrds[j];
                        if (Bits.Get(bits, ord))
                        {
                            list.Add(ord);
                            dist.Add(Geo.Distance(lat0, lng0, geo.Lat[ord], geo.Lng[ord]));
                        }
                    }
                }
            }

            // Anything outside the rings lies beyond the nearest side of their box (a parallel or a meridian).
            var south = (rowLo * GeoColumn.CellDegrees) - 90;
            var north = ((rowHi + 1) * GeoColumn.CellDegrees) - 90;
            var west = (colLo * GeoColumn.CellDegrees) - 180;
            var east = ((colHi + 1) * GeoColumn.CellDegrees) - 180;
            var dLat = Math.Min(lat0 - south, north - lat0) * toRad * Geo.EarthRadiusMeters;
            var dLngDeg = Math.Min(lng0 - west, east - lng0);
            if (dLngDeg >= 90)
            {
                return null;
            }

            var dLng = Math.Asin(Math.Sin(dLngDeg * toRad) * Math.Cos(lat0 * toRad)) * Geo.EarthRadiusMeters;
            var pole = (90 - Math.Abs(lat0)) * toRad * Geo.EarthRadiusMeters;
            var outside = (Math.Min(Math.Min(dLat, dLng), pole) * (1 - 1e-9)) - 1e-3;
            var before = 0;
            for (var i = 0; i < dist.Count; i++)
            {
                var key = dist[i];
                if (key < outside && key > b)
                {
                    before++;
                }
            }

            if (before >= k)
            {
                var n = 0;
                for (var i = 0; i < list.Count; i++)
                {
                    if (dist[i] < outside)
                    {
                        list.Ords[n++] = list.Ords[i];
                    }
                }

                return (list.Ords, n);
            }
        }

        return null;
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

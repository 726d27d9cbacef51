using Mercato.Search.Filtering;
using Mercato.Search.Storage;

namespace Mercato.Search.Querying;

/// <summary>Evaluates a filter tree on one segment into a bitmap (dead documents included; callers AND the live set).</summary>
internal static class FilterEvaluator
{
    public static ulong[] Eval(FilterNode node, Segment seg)
    {
        switch (node)
        {
            case AndNode and:
                {
                    var result = Eval(and.Children[0], seg);
                    for (var i = 1; i < and.Children.Count && Bits.Any(result); i++)
                    {
                        Bits.And(result, Eval(and.Children[i], seg));
                    }

                    return result;
                }

            case OrNode or:
                {
                    var result = Eval(or.Children[0], seg);
                    for (var i = 1; i < or.Children.Count; i++)
                    {
                        Bits.Or(result, Eval(or.Children[i], seg));
                    }

                    return result;
                }

            case NotNode not:
                {
                    var result = Eval(not.Child, seg);
                    Bits.NotWithin(result, seg.AllBits);
                    return result;
                }

            case ConditionNode c:
                return Condition(c, seg);
            case GeoRadiusNode r:
                return Radius(r, seg);
            case GeoBoxNode b:
                return Box(b, seg);
            default:
                throw new InvalidOperationException("Unknown filter node.");
        }
    }

    private static ulong[] Condition(ConditionNode c, Segment seg)
    {
        var store = seg.Fields[c.Field]!;
        var bits = Bits.New(seg.Count);
        switch (c.Op)
        {
            case FilterOp.Exists:
                Array.Copy(store.Exists, bits, bits.Length);
                return bits;
            case FilterOp.IsNull:
                Bits.SetAll(bits, store.NullOrds);
                return bits;
            case FilterOp.IsEmpty:
                Bits.SetAll(bits, store.EmptyOrds);
                return bits;
        }

        if (store.Numbers is { } numbers)
        {
            foreach (var (from, to) in NumericRanges(c, numbers))
            {
                SetSortedRange(bits, numbers, from, to);
            }

            return bits;
        }

        var values = store.Values!;
        switch (c.Op)
        {
            case FilterOp.Eq or FilterOp.In:
                foreach (var v in c.Values)
                {
                    var id = values.Find(v.Key);
                    if (id >= 0)
                    {
                        values.OrInto(bits, id);
                    }
                }

                return bits;
            default:
                var (lo, hi) = c.Op switch
                {
                    FilterOp.Gt => (values.LowerBound(c.Values[0].Key, true), values.ValueCount),
                    FilterOp.Gte => (values.LowerBound(c.Values[0].Key, false), values.ValueCount),
                    FilterOp.Lt => (0, values.LowerBound(c.Values[0].Key, false)),
                    FilterOp.Lte => (0, values.LowerBound(c.Values[0].Key, true)),
                    _ => (values.LowerBound(c.Values[0].Key, false), values.LowerBound(c.Values[1].Key, true)),
                };
                for (var v = lo; v < hi; v++)
                {
                    values.OrInto(bits, v);
                }

                return bits;
        }
    }

    /// <summary>Index ranges [from, to) into the column's sorted ordinals.</summary>
    private static IEnumerable<(int From, int To)> NumericRanges(ConditionNode c, NumericColumn n)
    {
        var x = c.Values.Count > 0 ? c.Values[0].Number : 0;
        switch (c.Op)
        {
            case FilterOp.Eq:
                yield return (n.LowerBound(x, false), n.LowerBound(x, true));
                break;
            case FilterOp.In:
                foreach (var v in c.Values)
                {
                    yield return (n.LowerBound(v.Number, false), n.LowerBound(v.Number, true));
                }

                break;
            case FilterOp.Gt:
                yield return (n.LowerBound(x, true), n.Sorted.Length);
                break;
            case FilterOp.Gte:
                yield return (n.LowerBound(x, false), n.Sorted.Length);
                break;
            case FilterOp.Lt:
                yield return (0, n.LowerBound(x, false));
                break;
            case FilterOp.Lte:
                yield return (0, n.LowerBound(x, true));
                break;
            default:
                yield return (n.LowerBound(x, false), n.LowerBound(c.Values[1].Number, true));
                break;
        }
    }

    private static void SetSortedRange(ulong[] bits, NumericColumn n, int from, int to)
    {
        if (to <= from)
        {
            return;
        }

        // Wide ranges: a sequential scan of the value column beats scattered bit sets.
        if (to - from > n.Values.Length / 8)
        {
            var lo = n.SortedValues[from];
            var hi = n.SortedValues[to - 1];
            var values = n.Values;
            for (var w = 0; w < bits.Length; w++)
            {
                ulong word = 0;
                var baseOrd = w << 6;
                var end = Math.Min(64, values.Length - baseOrd);
                for (var b = 0; b < end; b++)
                {
                    var v = values[baseOrd + b];
                    if (v >= lo && v <= hi)
                    {
                        word |= 1UL << b;
                    }
                }

                bits[w] |= word;
            }

            return;
        }

        Bits.SetAll(bits, n.Sorted.AsSpan(from, to - from));
    }

    private static ulong[] Radius(GeoRadiusNode r, Segment seg)
    {
        var geo = seg.Fields[r.Field]!.Geo!;
        var bits = Bits.New(seg.Count);
        var box = Geo.CircleBox(r.Lat, r.Lng, r.Meters);

        // A cell whose four corners lie inside the circle lies inside it (distance to a point along a parallel or a
        // meridian has no interior maximum), so its documents need no distance; a safety margin absorbs rounding.
        var inside = (r.Meters * (1 - 1e-9)) - 1e-3;
        foreach (var (west, east) in LngRanges(box.West, box.East, box.AllLng))
        {
            int latFrom = GeoColumn.LatIndex(box.South), latTo = GeoColumn.LatIndex(box.North);
            int lngFrom = GeoColumn.LngIndex(west), lngTo = GeoColumn.LngIndex(east);
            for (var row = latFrom; row <= latTo; row++)
            {
                var first = (row * GeoColumn.LngCells) + lngFrom;
                var last = (row * GeoColumn.LngCells) + lngTo;
                var i = Array.BinarySearch(geo.CellKeys, first);
                if (i < 0)
                {
                    i = ~i;
                }

                var south = (row * GeoColumn.CellDegrees) - 90;
                var north = south + GeoColumn.CellDegrees;
                for (; i < geo.CellKeys.Length && geo.CellKeys[i] <= last; i++)
                {
                    var col = geo.CellKeys[i] - (row * GeoColumn.LngCells);
                    var cw = (col * GeoColumn.CellDegrees) - 180;
                    var ce = cw + GeoColumn.CellDegrees;
                    var whole = inside > 0 &&
                        Geo.Distance(r.Lat, r.Lng, south, cw) <= inside && Geo.Distance(r.Lat, r.Lng, south, ce) <= inside &&
                        Geo.Distance(r.Lat, r.Lng, north, cw) <= inside && Geo.Distance(r.Lat, r.Lng, north, ce) <= inside;
                    var ords = geo.CellOrds;
                    if (whole)
                    {
                        for (var j = geo.CellStart[i]; j < geo.CellStart[i + 1]; j++)
                        {
                            Bits.Set(bits, ords[j]);
                        }

                        continue;
                    }

                    for (var j = geo.CellStart[i]; j < geo.CellStart[i + 1]; j++)
                    {
                        var o = ords[j];
                        if (Geo.Distance(r.Lat, r.Lng, geo.Lat[o], geo.Lng[o]) <= r.Meters)
                        {
                            Bits.Set(bits, o);
                        }
                    }
                }
            }
        }

        return bits;
    }

    private static ulong[] Box(GeoBoxNode b, Segment seg)
    {
        var geo = seg.Fields[b.Field]!.Geo!;
        var bits = Bits.New(seg.Count);
        var ranges = b.West <= b.East ? new[] { (b.West, b.East) } : [(b.West, 180.0), (-180.0, b.East)];
        foreach (var (west, east) in ranges)
        {
            VisitBox(geo, b.South, b.North, west, east, o =>
            {
                var lat = geo.Lat[o];
                var lng = geo.Lng[o];
                if (lat >= b.South && lat <= b.North && lng >= west && lng <= east)
                {
                    Bits.Set(bits, o);
                }
            });
        }

        return bits;
    }

    /// <summary>Splits a longitude span that may cross ±180 into plain spans.</summary>
    private static IEnumerable<(double West, double East)> LngRanges(double west, double east, bool all)
    {
        if (all || east - west >= 360)
        {
            yield return (-180, 180);
            yield break;
        }

        if (west < -180)
        {
            yield return (west + 360, 180);
            yield return (-180, east);
        }
        else if (east > 180)
        {
            yield return (west, 180);
            yield return (-180, east - 360);
        }
        else
        {
            yield return (west, east);
        }
    }

    private static void VisitBox(GeoColumn geo, double south, double north, double west, double east, Action<int> visit) =>
        geo.VisitCells(GeoColumn.LatIndex(south), GeoColumn.LatIndex(north), GeoColumn.LngIndex(west), GeoColumn.LngIndex(east), visit);
}

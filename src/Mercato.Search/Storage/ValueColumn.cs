namespace Mercato.Search.Storage;

/// <summary>
/// Discrete values of one field in one segment: a dictionary of value ids, each document's value id(s), and per
/// value its sorted ordinals (plus a bitmap for frequent values, so facet counts are popcounts of ANDs).
/// </summary>
internal sealed class ValueColumn
{
    /// <summary>Values above this share of the segment also get a bitmap.</summary>
    private const int DenseDivisor = 32;

    public ValueColumn(string[] keys, string[] display, double[]? numbers, int count, int[]? single, int[]? listStart, int[]? listValues)
    {
        Keys = keys;
        Display = display;
        Numbers = numbers;
        Single = single;
        ListStart = listStart;
        ListValues = listValues;
        (PostStart, PostOrds) = single is not null ? GroupSingle(single, keys.Length) : GroupList(listStart!, listValues!, keys.Length);
        Dense = new ulong[]?[keys.Length];
        var threshold = Math.Max(1024, count / DenseDivisor);
        for (var v = 0; v < keys.Length; v++)
        {
            if (PostStart[v + 1] - PostStart[v] >= threshold)
            {
                var bits = Bits.New(count);
                Bits.SetAll(bits, Ords(v));
                Dense[v] = bits;
            }
        }
    }

    /// <summary>Numeric facet column whose values are already grouped (ordinals sorted by value then ordinal).</summary>
    public ValueColumn(string[] keys, double[] numbers, int count, int[] single, int[] postStart, int[] postOrds)
    {
        Keys = keys;
        Display = keys;
        Numbers = numbers;
        Single = single;
        PostStart = postStart;
        PostOrds = postOrds;
        Dense = new ulong[]?[keys.Length];
        var threshold = Math.Max(1024, count / DenseDivisor);
        for (var v = 0; v < keys.Length; v++)
        {
            if (PostStart[v + 1] - PostStart[v] >= threshold)
            {
                var bits = Bits.New(count);
                Bits.SetAll(bits, Ords(v));
                Dense[v] = bits;
            }
        }
    }

    /// <summary>Work to count every value by bitmap intersection (words ANDed plus sparse ordinals probed).</summary>
    public long BitmapCost
    {
        get
        {
            if (_bitmapCost < 0)
            {
                long cost = 0;
                for (var v = 0; v < Keys.Length; v++)
                {
                    cost += Dense[v] is { } d ? d.Length / 4 : PostStart[v + 1] - PostStart[v];
                }

                _bitmapCost = cost;
            }

            return _bitmapCost;
        }
    }

    private long _bitmapCost = -1;

    /// <summary>Normalized keys; for string fields sorted ordinally, so value id order is key order.</summary>
    public string[] Keys { get; }

    /// <summary>Original spelling (first seen) per value id.</summary>
    public string[] Display { get; }

    /// <summary>Numeric value per id for numeric fields (ids in ascending numeric order), else null.</summary>
    public double[]? Numbers { get; }

    public int[]? Single { get; }

    public int[]? ListStart { get; }

    public int[]? ListValues { get; }

    public int[] PostStart { get; }

    public int[] PostOrds { get; }

    public ulong[]?[] Dense { get; }

    public int ValueCount => Keys.Length;

    public ReadOnlySpan<int> Ords(int value) => PostOrds.AsSpan(PostStart[value], PostStart[value + 1] - PostStart[value]);

    /// <summary>Value id of a normalized key, or -1.</summary>
    public int Find(string key)
    {
        if (Numbers is not null)
        {
            return -1;
        }

        var i = Array.BinarySearch(Keys, key, StringComparer.Ordinal);
        return i >= 0 ? i : -1;
    }

    /// <summary>First value id whose key is ≥ (or &gt; when <paramref name="exclusive"/>) the given key.</summary>
    public int LowerBound(string key, bool exclusive)
    {
        var i = Array.BinarySearch(Keys, key, StringComparer.Ordinal);
        return i >= 0 ? (exclusive ? i + 1 : i) : ~i;
    }

    public void OrInto(ulong[] target, int value)
    {
        if (Dense[value] is { } bits)
        {
            Bits.Or(target, bits);
        }
        else
        {
            Bits.SetAll(target, Ords(value));
        }
    }

    public long MemoryBytes()
    {
        long bytes = (PostOrds.Length + PostStart.Length + (Single?.Length ?? 0) + (ListStart?.Length ?? 0) + (ListValues?.Length ?? 0)) * 4L;
        bytes += (Numbers?.Length ?? 0) * 8L;
        foreach (var k in Keys)
        {
            bytes += 24 + (k.Length * 2);
        }

        if (!ReferenceEquals(Display, Keys))
        {
            foreach (var d in Display)
            {
                bytes += 24 + (d.Length * 2);
            }
        }

        foreach (var d in Dense)
        {
            bytes += (d?.Length ?? 0) * 8L;
        }

        return bytes;
    }

    private static (int[] Start, int[] Ords) GroupSingle(int[] single, int valueCount)
    {
        var start = new int[valueCount + 1];
        foreach (var v in single)
        {
            if (v >= 0)
            {
                start[v + 1]++;
            }
        }

        for (var i = 0; i < valueCount; i++)
        {
            start[i + 1] += start[i];
        }

        var ords = new int[start[valueCount]];
        var fill = start[..valueCount];
        for (var o = 0; o < single.Length; o++)
        {
            var v = single[o];
            if (v >= 0)
            {
                ords[fill[v]++] = o;
            }
        }

        return (start, ords);
    }

    private static (int[] Start, int[] Ords) GroupList(int[] listStart, int[] listValues, int valueCount)
    {
        var start = new int[valueCount + 1];
        var count = listStart.Length - 1;
        for (var o = 0; o < count; o++)
        {
            // A value repeated within one document's list counts once.
            for (var j = listStart[o]; j < listStart[o + 1]; j++)
            {
                if (!SeenBefore(listValues, listStart[o], j))
                {
                    start[listValues[j] + 1]++;
                }
            }
        }

        for (var i = 0; i < valueCount; i++)
        {
            start[i + 1] += start[i];
        }

        var ords = new int[start[valueCount]];
        var fill = start[..valueCount];
        for (var o = 0; o < count; o++)
        {
            for (var j = listStart[o]; j < listStart[o + 1]; j++)
            {
                if (!SeenBefore(listValues, listStart[o], j))
                {
                    ords[fill[listValues[j]]++] = o;
                }
            }
        }

        return (start, ords);
    }

    private static bool SeenBefore(int[] values, int from, int j)
    {
        for (var k = from; k < j; k++)
        {
            if (values[k] == values[j])
            {
                return true;
            }
        }

        return false;
    }
}

using Mercato.Search.Text;

namespace Mercato.Search.Storage;

/// <summary>A numeric field of one segment: value per ordinal (NaN = none) and the ordinals sorted by value.</summary>
internal sealed class NumericColumn
{
    public NumericColumn(double[] values, bool facetable)
    {
        Values = values;
        var n = 0;
        foreach (var v in values)
        {
            if (!double.IsNaN(v))
            {
                n++;
            }
        }

        var keys = new double[n];
        var ords = new int[n];
        n = 0;
        for (var o = 0; o < values.Length; o++)
        {
            if (!double.IsNaN(values[o]))
            {
                keys[n] = values[o];
                ords[n++] = o;
            }
        }

        Array.Sort(keys, ords);

        // Ties must list ordinals ascending; Array.Sort is not stable.
        var distinct = 0;
        for (var i = 0; i < n;)
        {
            var j = i + 1;
            while (j < n && keys[j] == keys[i])
            {
                j++;
            }

            if (j - i > 1)
            {
                Array.Sort(ords, i, j - i);
            }

            distinct++;
            i = j;
        }

        Sorted = ords;
        if (facetable)
        {
            Facet = BuildFacet(values, keys, ords, distinct);
        }
    }

    public double[] Values { get; }

    /// <summary>Ordinals having a value, by value then ordinal.</summary>
    public int[] Sorted { get; }

    /// <summary>The values in <see cref="Sorted"/> order, read through <see cref="Values"/> (no copy is kept).</summary>
    public SortedValueView SortedValues => new(Values, Sorted);

    public ValueColumn? Facet { get; }

    /// <summary>Index in <see cref="Sorted"/> of the first value ≥ x (or &gt; x when exclusive).</summary>
    public int LowerBound(double x, bool exclusive)
    {
        int lo = 0, hi = SortedValues.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var v = SortedValues[mid];
            if (v < x || (exclusive && v == x))
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

    public long MemoryBytes() => (Values.Length * 8L) + (Sorted.Length * 4L) + (Facet?.MemoryBytes() ?? 0);

    private static ValueColumn BuildFacet(double[] values, double[] keys, int[] ords, int distinct)
    {
        var numbers = new double[distinct];
        var names = new string[distinct];
        var start = new int[distinct + 1];
        var single = new int[values.Length];
        Array.Fill(single, -1);
        var d = -1;
        for (var i = 0; i < keys.Length; i++)
        {
            if (i == 0 || keys[i] != keys[i - 1])
            {
                d++;
                numbers[d] = keys[i];
                names[d] = Keys.NumberText(keys[i]);
                start[d] = i;
            }

            single[ords[i]] = d;
        }

        start[distinct] = keys.Length;
        return new ValueColumn(names, numbers, values.Length, single, start, ords);
    }
}

/// <summary>The values of a numeric column in sorted order: element i is <c>values[sorted[i]]</c>.</summary>
internal readonly struct SortedValueView(double[] values, int[] sorted)
{
    public int Length => sorted.Length;

    public double this[int i] => values[sorted[i]];
}

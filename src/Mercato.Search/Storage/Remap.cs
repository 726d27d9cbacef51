namespace Mercato.Search.Storage;

/// <summary>Compaction of per-ordinal arrays through a monotone ordinal map (-1 = dropped).</summary>
internal static class Remap
{
    public static T[] Compact<T>(T[] source, int[]? remap, int newCount)
    {
        if (remap is null)
        {
            return source;
        }

        var result = new T[newCount];
        for (var o = 0; o < source.Length; o++)
        {
            if (remap[o] >= 0)
            {
                result[remap[o]] = source[o];
            }
        }

        return result;
    }

    public static (int[] Start, int[] Values) CompactLists(int[] start, int[] values, int[]? remap, int newCount)
    {
        if (remap is null)
        {
            return (start, values);
        }

        var newStart = new int[newCount + 1];
        var newValues = new List<int>(values.Length);
        for (var o = 0; o < start.Length - 1; o++)
        {
            if (remap[o] < 0)
            {
                continue;
            }

            newStart[remap[o]] = newValues.Count;
            for (var j = start[o]; j < start[o + 1]; j++)
            {
                newValues.Add(values[j]);
            }
        }

        newStart[newCount] = newValues.Count;
        return (newStart, [.. newValues]);
    }
}

namespace Mercato.Search.Storage;

internal static class SortedUnion
{
    /// <summary>The distinct strings of all lists, sorted ordinally.</summary>
    public static string[] Of(IEnumerable<IReadOnlyList<string>> lists)
    {
        var all = new List<string>();
        foreach (var list in lists)
        {
            all.AddRange(list);
        }

        var array = all.ToArray();
        Array.Sort(array, StringComparer.Ordinal);
        var n = 0;
        for (var i = 0; i < array.Length; i++)
        {
            if (n == 0 || !string.Equals(array[n - 1], array[i], StringComparison.Ordinal))
            {
                array[n++] = array[i];
            }
        }

        Array.Resize(ref array, n);
        return array;
    }

    /// <summary>Position of each string of a sorted list within a sorted superset.</summary>
    public static int[] MapInto(IReadOnlyList<string> sortedSubset, string[] sortedSuperset)
    {
        var map = new int[sortedSubset.Count];
        var j = 0;
        for (var i = 0; i < map.Length; i++)
        {
            while (!string.Equals(sortedSuperset[j], sortedSubset[i], StringComparison.Ordinal))
            {
                j++;
            }

            map[i] = j;
        }

        return map;
    }
}

using System.Numerics;
using Mercato.Search.Storage;

namespace Mercato.Search.Querying;

/// <summary>Counts values of a facet column among a set of documents.</summary>
internal static class FacetCounter
{
    /// <summary>
    /// Per value id the number of documents of <paramref name="bits"/> having it. Large sets are counted by
    /// popcounts of bitmap intersections (and sparse value lists); small sets by walking their documents.
    /// </summary>
    public static int[] Count(ValueColumn column, ulong[] bits, int setSize)
    {
        var counts = new int[column.ValueCount];
        if (setSize == 0)
        {
            return counts;
        }

        var walkCost = column.Single is not null ? setSize : setSize * 2L;
        if (walkCost <= column.BitmapCost)
        {
            for (var w = 0; w < bits.Length; w++)
            {
                var word = bits[w];
                while (word != 0)
                {
                    var ord = (w << 6) + BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    if (column.Single is { } single)
                    {
                        var v = single[ord];
                        if (v >= 0)
                        {
                            counts[v]++;
                        }
                    }
                    else
                    {
                        var lists = column.ListValues!;
                        var start = column.ListStart!;
                        for (var j = start[ord]; j < start[ord + 1]; j++)
                        {
                            counts[lists[j]]++;
                        }
                    }
                }
            }

            return counts;
        }

        for (var v = 0; v < counts.Length; v++)
        {
            if (column.Dense[v] is { } dense)
            {
                counts[v] = Bits.CountAnd(bits, dense);
            }
            else
            {
                var n = 0;
                foreach (var ord in column.Ords(v))
                {
                    if ((bits[ord >> 6] & (1UL << ord)) != 0)
                    {
                        n++;
                    }
                }

                counts[v] = n;
            }
        }

        return counts;
    }
}

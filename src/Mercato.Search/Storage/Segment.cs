namespace Mercato.Search.Storage;

/// <summary>
/// An immutable, columnar slice of the index. Ordinals are dense (0..Count-1) in insertion order; every structure
/// is indexed by ordinal. Segments are built from documents or merged from other segments, never changed.
/// </summary>
internal sealed class Segment
{
    public Segment(IndexSchema schema, long[] ids, FieldStore?[] fields, TextStore? text)
    {
        Schema = schema;
        Ids = ids;
        Fields = fields;
        Text = text;
        Count = ids.Length;
        AllBits = Bits.All(Count);
        if (text is not null)
        {
            for (var f = 0; f < fields.Length; f++)
            {
                if (fields[f]?.Values is { Numbers: null } column && schema.Fields[f].Searchable)
                {
                    _sharedKeyBytes += ShareKeys(column.Keys, text.Terms);
                }
            }
        }

        MinId = ids.Length == 0 ? long.MaxValue : ids.Min();
        MaxId = ids.Length == 0 ? long.MinValue : ids.Max();
        var ascending = true;
        for (var i = 1; i < ids.Length && ascending; i++)
        {
            ascending = ids[i] > ids[i - 1];
        }

        if (!ascending)
        {
            SortedIds = (long[])ids.Clone();
            SortedIdOrds = new int[ids.Length];
            for (var i = 0; i < ids.Length; i++)
            {
                SortedIdOrds[i] = i;
            }

            Array.Sort(SortedIds, SortedIdOrds);
        }
    }

    private readonly long _sharedKeyBytes;

    public IndexSchema Schema { get; }

    public long MinId { get; }

    public long MaxId { get; }

    public int Count { get; }

    /// <summary>Document id per ordinal.</summary>
    public long[] Ids { get; }

    /// <summary>Ids sorted ascending with their ordinals; null when <see cref="Ids"/> is already ascending.</summary>
    public long[]? SortedIds { get; }

    public int[]? SortedIdOrds { get; }

    public FieldStore?[] Fields { get; }

    public TextStore? Text { get; }

    public ulong[] AllBits { get; }

    /// <summary>Ordinal of an id, or -1.</summary>
    public int FindOrd(long id)
    {
        if (SortedIds is null)
        {
            var i = Array.BinarySearch(Ids, id);
            return i >= 0 ? i : -1;
        }

        var j = Array.BinarySearch(SortedIds, id);
        return j >= 0 ? SortedIdOrds![j] : -1;
    }

    public long MemoryBytes()
    {
        long bytes = (Ids.Length * 8L) + (AllBits.Length * 8L) + ((SortedIds?.Length ?? 0) * 12L);
        foreach (var f in Fields)
        {
            bytes += f?.MemoryBytes() ?? 0;
        }

        return bytes + (Text?.MemoryBytes() ?? 0) - _sharedKeyBytes;
    }

    /// <summary>
    /// Points keyword keys equal to a text term (single-word values such as VINs) at the term's string, so each is held
    /// once; both arrays are sorted ordinally. Returns the bytes no longer held twice.
    /// </summary>
    private static long ShareKeys(string[] keys, string[] terms)
    {
        long saved = 0;
        int i = 0, j = 0;
        while (i < keys.Length && j < terms.Length)
        {
            var c = string.CompareOrdinal(keys[i], terms[j]);
            if (c == 0)
            {
                keys[i] = terms[j];
                saved += 24 + (keys[i].Length * 2L);
                i++;
                j++;
            }
            else if (c < 0)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return saved;
    }
}

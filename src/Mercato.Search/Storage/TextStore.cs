namespace Mercato.Search.Storage;

/// <summary>Postings of one searchable field over the segment's shared term dictionary.</summary>
internal sealed class TextField
{
    public TextField(int field, int[] postStart, int[] postOrds, byte[] postTf, byte[] postPos, byte[] lengths)
    {
        Field = field;
        PostStart = postStart;
        PostOrds = postOrds;
        PostTf = postTf;
        PostPos = postPos;
        Lengths = lengths;
        foreach (var l in lengths)
        {
            TotalLength += l;
        }
    }

    /// <summary>Schema index of the field.</summary>
    public int Field { get; }

    /// <summary>Per term (segment term id) the start in the posting arrays; length = terms + 1.</summary>
    public int[] PostStart { get; }

    public int[] PostOrds { get; }

    /// <summary>Term frequency in the field, capped at 255.</summary>
    public byte[] PostTf { get; }

    /// <summary>First position of the term in the field, capped at 255.</summary>
    public byte[] PostPos { get; }

    /// <summary>Tokens per ordinal, capped at 255.</summary>
    public byte[] Lengths { get; }

    public long TotalLength { get; }

    public int DocFrequency(int term) => PostStart[term + 1] - PostStart[term];

    public long MemoryBytes() => (PostStart.Length * 4L) + (PostOrds.Length * 6L) + Lengths.Length;
}

/// <summary>The segment's sorted term dictionary and per-field postings.</summary>
internal sealed class TextStore
{
    public TextStore(string[] terms, TextField[] fields)
    {
        Terms = terms;
        Fields = fields;
    }

    /// <summary>Folded terms in ordinal order; the index is the term id.</summary>
    public string[] Terms { get; }

    public TextField[] Fields { get; }

    public int Find(string term)
    {
        var i = Array.BinarySearch(Terms, term, StringComparer.Ordinal);
        return i >= 0 ? i : -1;
    }

    /// <summary>Range [from, to) of term ids starting with <paramref name="prefix"/>.</summary>
    public (int From, int To) PrefixRange(string prefix)
    {
        var from = Array.BinarySearch(Terms, prefix, StringComparer.Ordinal);
        if (from < 0)
        {
            from = ~from;
        }

        int lo = from, hi = Terms.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Terms[mid].StartsWith(prefix, StringComparison.Ordinal))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return (from, lo);
    }

    public long MemoryBytes()
    {
        long bytes = 0;
        foreach (var t in Terms)
        {
            bytes += 24 + (t.Length * 2) + 8;
        }

        foreach (var f in Fields)
        {
            bytes += f.MemoryBytes();
        }

        return bytes;
    }
}

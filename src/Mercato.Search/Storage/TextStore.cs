using Mercato.Search.Text;

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
    /// <summary>Most digits a term may hold and still be within the typo budget of a query word (which has none).</summary>
    private const int MaxTypoDigits = 2;

    public TextStore(string[] terms, TextField[] fields)
    {
        Terms = terms;
        Fields = fields;

        // Typo candidates by length: a word of length m within k typos only matches terms of length m ± k holding at
        // most k digits (typo words have no digits, and each edit adds at most one), which keeps identifiers such as
        // VINs out of the typo walk.
        var counts = new int[Tokenizer.BufferLength + 1];
        var keep = new bool[terms.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            var t = terms[i];
            var digits = 0;
            foreach (var c in t)
            {
                if (char.IsDigit(c) && ++digits > MaxTypoDigits)
                {
                    break;
                }
            }

            if (digits <= MaxTypoDigits && t.Length < counts.Length)
            {
                keep[i] = true;
                counts[t.Length]++;
            }
        }

        TypoTerms = new string[counts.Length][];
        TypoIds = new int[counts.Length][];
        for (var l = 0; l < counts.Length; l++)
        {
            TypoTerms[l] = new string[counts[l]];
            TypoIds[l] = new int[counts[l]];
            counts[l] = 0;
        }

        for (var i = 0; i < terms.Length; i++)
        {
            if (keep[i])
            {
                var l = terms[i].Length;
                TypoTerms[l][counts[l]] = terms[i];
                TypoIds[l][counts[l]++] = i;
            }
        }
    }

    /// <summary>Per term length, the (sorted) terms with at most two digits: the only possible typo matches.</summary>
    public string[][] TypoTerms { get; }

    /// <summary>Term ids of <see cref="TypoTerms"/>.</summary>
    public int[][] TypoIds { get; }

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

        foreach (var ids in TypoIds)
        {
            bytes += ids.Length * 12L;
        }

        foreach (var f in Fields)
        {
            bytes += f.MemoryBytes();
        }

        return bytes;
    }
}

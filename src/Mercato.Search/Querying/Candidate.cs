using System.Runtime.CompilerServices;
using Mercato.Search.Storage;

namespace Mercato.Search.Querying;

/// <summary>
/// A ranked document. Sort keys are normalized so smaller ranks first: descending criteria are negated and
/// missing values are +∞ (last either way). Keyword keys are segment-local value ranks.
/// </summary>
internal struct Candidate
{
    public int Seg;
    public int Ord;
    public long Id;
    public double K0;
    public double K1;
    public double K2;
    public double K3;
    public double Score;
    public double Bucket;
    public int Typos;
    public int Proximity;
    public int Exact;
    public double Distance;

    public static double Bucketize(double score) => Math.Floor(score * 10) / 10;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly double Key(int i) => i switch
    {
        0 => K0,
        1 => K1,
        2 => K2,
        _ => K3,
    };

    public void SetKey(int i, double value)
    {
        switch (i)
        {
            case 0: K0 = value; break;
            case 1: K1 = value; break;
            case 2: K2 = value; break;
            default: K3 = value; break;
        }
    }
}

/// <summary>Orders candidates: sort criteria, then relevance (when q is given), then id descending.</summary>
internal sealed class RankComparer : IComparer<Candidate>
{
    private readonly SortCriterion[] _criteria;
    private readonly Segment[] _segments;
    private readonly bool _relevance;

    public RankComparer(SortCriterion[] criteria, Segment[] segments, bool relevance)
    {
        _criteria = criteria;
        _segments = segments;
        _relevance = relevance;
    }

    public int Compare(Candidate a, Candidate b)
    {
        for (var i = 0; i < _criteria.Length; i++)
        {
            var ka = a.Key(i);
            var kb = b.Key(i);
            int c;
            if (_criteria[i].Kind == SortKind.Keyword && a.Seg != b.Seg && !double.IsPositiveInfinity(ka) && !double.IsPositiveInfinity(kb))
            {
                var f = _criteria[i].Field;
                var sa = _segments[a.Seg].Fields[f]!.Values!.Keys[(int)Math.Abs(ka)];
                var sb = _segments[b.Seg].Fields[f]!.Values!.Keys[(int)Math.Abs(kb)];
                c = string.CompareOrdinal(sa, sb);
                if (_criteria[i].Descending)
                {
                    c = -c;
                }
            }
            else
            {
                c = ka.CompareTo(kb);
            }

            if (c != 0)
            {
                return c;
            }
        }

        if (_relevance)
        {
            var c = a.Typos.CompareTo(b.Typos);
            if (c != 0)
            {
                return c;
            }

            c = b.Bucket.CompareTo(a.Bucket);
            if (c != 0)
            {
                return c;
            }

            c = a.Proximity.CompareTo(b.Proximity);
            if (c != 0)
            {
                return c;
            }

            c = b.Exact.CompareTo(a.Exact);
            if (c != 0)
            {
                return c;
            }
        }

        return b.Id.CompareTo(a.Id);
    }
}

using System.Text;
using Mercato.Search.Storage;

namespace Mercato.Search.Querying;

/// <summary>
/// Opaque deep-paging cursor: the full rank key of the last hit plus a hash of the query it belongs to. The next
/// page holds the documents ranked strictly after that key, so pages neither repeat nor skip hits.
/// </summary>
internal sealed class Cursor
{
    private const byte Version = 1;

    private Cursor(ulong hash, double[] keys, string?[] strings, Candidate last)
    {
        Hash = hash;
        Keys = keys;
        Strings = strings;
        Last = last;
    }

    public ulong Hash { get; }

    /// <summary>Normalized key per criterion (for keyword criteria see <see cref="Strings"/>).</summary>
    public double[] Keys { get; }

    /// <summary>Value key per keyword criterion (null when missing).</summary>
    public string?[] Strings { get; }

    public Candidate Last { get; }

    public static ulong QueryHash(SearchQuery q, string geoField)
    {
        var text = string.Join('\u0001', q.Q ?? "", q.Filter ?? "", string.Join('\u0002', q.Sort ?? []), geoField);
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    public static string Encode(ulong hash, Candidate last, SortCriterion[] criteria, Segment[] segments)
    {
        using var ms = new MemoryStream();
        using var w = new BinaryWriter(ms, Encoding.UTF8);
        w.Write(Version);
        w.Write(hash);
        w.Write((byte)criteria.Length);
        for (var i = 0; i < criteria.Length; i++)
        {
            var k = last.Key(i);
            if (criteria[i].Kind == SortKind.Keyword)
            {
                var missing = double.IsPositiveInfinity(k);
                w.Write(!missing);
                if (!missing)
                {
                    w.Write(segments[last.Seg].Fields[criteria[i].Field]!.Values!.Keys[(int)Math.Abs(k)]);
                }
            }
            else
            {
                w.Write(k);
            }
        }

        w.Write(last.Typos);
        w.Write(last.Bucket);
        w.Write(last.Proximity);
        w.Write(last.Exact);
        w.Write(last.Id);
        return Convert.ToBase64String(ms.ToArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static Cursor Decode(string text, ulong expectedHash, SortCriterion[] criteria)
    {
        try
        {
            var b64 = text.Replace('-', '+').Replace('_', '/');
            b64 += new string('=', (4 - (b64.Length % 4)) % 4);
            using var r = new BinaryReader(new MemoryStream(Convert.FromBase64String(b64)), Encoding.UTF8);
            if (r.ReadByte() != Version)
            {
                throw new FormatException();
            }

            var hash = r.ReadUInt64();
            if (hash != expectedHash || r.ReadByte() != criteria.Length)
            {
                throw new SearchQueryException("cursor", "The cursor belongs to a different query: q, filter, sort and geo field must stay the same while paging.");
            }

            var keys = new double[criteria.Length];
            var strings = new string?[criteria.Length];
            for (var i = 0; i < criteria.Length; i++)
            {
                if (criteria[i].Kind == SortKind.Keyword)
                {
                    strings[i] = r.ReadBoolean() ? r.ReadString() : null;
                    keys[i] = double.PositiveInfinity;
                }
                else
                {
                    keys[i] = r.ReadDouble();
                }
            }

            var last = new Candidate { Typos = r.ReadInt32(), Bucket = r.ReadDouble(), Proximity = r.ReadInt32(), Exact = r.ReadInt32(), Id = r.ReadInt64() };
            if (r.BaseStream.Position != r.BaseStream.Length)
            {
                throw new FormatException();
            }

            return new Cursor(hash, keys, strings, last);
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or IOException or ArgumentException or DecoderFallbackException)
        {
            throw new SearchQueryException("cursor", "The cursor is malformed: pass NextCursor from a previous result unchanged.");
        }
    }

    /// <summary>The last hit's key expressed in one segment's terms (keyword ranks between values when absent).</summary>
    public Candidate BoundFor(int seg, Segment segment, SortCriterion[] criteria)
    {
        var bound = Last;
        bound.Seg = seg;
        for (var i = 0; i < criteria.Length; i++)
        {
            var k = Keys[i];
            if (criteria[i].Kind == SortKind.Keyword && Strings[i] is { } s)
            {
                var keys = segment.Fields[criteria[i].Field]!.Values!.Keys;
                var at = Array.BinarySearch(keys, s, StringComparer.Ordinal);
                var rank = at >= 0 ? at : ~at - 0.5;
                k = criteria[i].Descending ? -rank : rank;
            }

            bound.SetKey(i, k);
        }

        return bound;
    }
}

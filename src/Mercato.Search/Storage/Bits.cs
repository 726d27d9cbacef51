using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Mercato.Search.Storage;

/// <summary>Operations on plain bitmaps (ulong words, bit i = document ordinal i).</summary>
internal static class Bits
{
    public static int Words(int count) => (count + 63) >> 6;

    /// <summary>A cleared bitmap for <paramref name="count"/> ordinals (recycled when a query scope is open).</summary>
    public static ulong[] New(int count) => BitmapArena.Words(Words(count));

    public static ulong[] Copy(ulong[] source)
    {
        var copy = BitmapArena.Words(source.Length);
        Array.Copy(source, copy, source.Length);
        return copy;
    }

    public static ulong[] All(int count)
    {
        var bits = New(count);
        Array.Fill(bits, ulong.MaxValue);
        ClearTail(bits, count);
        return bits;
    }

    public static void ClearTail(ulong[] bits, int count)
    {
        if ((count & 63) != 0 && bits.Length > 0)
        {
            bits[^1] &= (1UL << (count & 63)) - 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool Get(ulong[] bits, int i) => (bits[i >> 6] & (1UL << i)) != 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Set(ulong[] bits, int i) => bits[i >> 6] |= 1UL << i;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Clear(ulong[] bits, int i) => bits[i >> 6] &= ~(1UL << i);

    public static void SetAll(ulong[] bits, ReadOnlySpan<int> ords)
    {
        foreach (var o in ords)
        {
            bits[o >> 6] |= 1UL << o;
        }
    }

    public static int Count(ReadOnlySpan<ulong> bits)
    {
        var n = 0;
        foreach (var w in bits)
        {
            n += BitOperations.PopCount(w);
        }

        return n;
    }

    public static int CountAnd(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var n = 0;
        var len = Math.Min(a.Length, b.Length);
        for (var i = 0; i < len; i++)
        {
            n += BitOperations.PopCount(a[i] & b[i]);
        }

        return n;
    }

    public static void And(Span<ulong> target, ReadOnlySpan<ulong> other)
    {
        var v = MemoryMarshal.Cast<ulong, Vector<ulong>>(target);
        var o = MemoryMarshal.Cast<ulong, Vector<ulong>>(other[..target.Length]);
        for (var i = 0; i < v.Length; i++)
        {
            v[i] &= o[i];
        }

        for (var i = v.Length * Vector<ulong>.Count; i < target.Length; i++)
        {
            target[i] &= other[i];
        }
    }

    public static void Or(Span<ulong> target, ReadOnlySpan<ulong> other)
    {
        var v = MemoryMarshal.Cast<ulong, Vector<ulong>>(target);
        var o = MemoryMarshal.Cast<ulong, Vector<ulong>>(other[..target.Length]);
        for (var i = 0; i < v.Length; i++)
        {
            v[i] |= o[i];
        }

        for (var i = v.Length * Vector<ulong>.Count; i < target.Length; i++)
        {
            target[i] |= other[i];
        }
    }

    public static void AndNot(Span<ulong> target, ReadOnlySpan<ulong> other)
    {
        var v = MemoryMarshal.Cast<ulong, Vector<ulong>>(target);
        var o = MemoryMarshal.Cast<ulong, Vector<ulong>>(other[..target.Length]);
        for (var i = 0; i < v.Length; i++)
        {
            v[i] &= ~o[i];
        }

        for (var i = v.Length * Vector<ulong>.Count; i < target.Length; i++)
        {
            target[i] &= ~other[i];
        }
    }

    /// <summary>Target = other AND NOT target (complement within <paramref name="other"/>).</summary>
    public static void NotWithin(Span<ulong> target, ReadOnlySpan<ulong> other)
    {
        for (var i = 0; i < target.Length; i++)
        {
            target[i] = other[i] & ~target[i];
        }
    }

    public static bool Any(ReadOnlySpan<ulong> bits)
    {
        foreach (var w in bits)
        {
            if (w != 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The set ordinals in ascending order.</summary>
    /// <summary>The set ordinals ascending, in an array of at least <paramref name="count"/> (recycled inside a query scope).</summary>
    public static int[] ToOrds(ReadOnlySpan<ulong> bits, int count)
    {
        var result = BitmapArena.Ints(count);
        var n = 0;
        for (var i = 0; i < bits.Length; i++)
        {
            var w = bits[i];
            while (w != 0)
            {
                result[n++] = (i << 6) + BitOperations.TrailingZeroCount(w);
                w &= w - 1;
            }
        }

        return result;
    }
}

namespace Mercato.Search.Storage;

/// <summary>
/// Per-thread recycling of the query-sized scratch arrays (bitmaps, ordinal lists). At millions of documents these
/// are large-object-heap arrays; allocating them per query would make the GC, not the search, set the tail latency.
/// A query opens a scope; arrays taken inside it go back to the thread's pool when it ends.
/// </summary>
internal sealed class BitmapArena
{
    private const int MaxPooledPerSize = 64;

    [ThreadStatic]
    private static BitmapArena? t_current;

    [ThreadStatic]
    private static BitmapArena? t_pool;

    private readonly Dictionary<int, Stack<ulong[]>> _free = [];
    private readonly Dictionary<int, Stack<int[]>> _freeInts = [];
    private readonly List<ulong[]> _taken = [];
    private readonly List<int[]> _takenInts = [];

    public static Scope Open()
    {
        var arena = t_pool ??= new BitmapArena();
        var outer = t_current;
        t_current = arena;
        return new Scope(outer, arena);
    }

    /// <summary>A cleared bitmap of the given word count (pooled inside a scope).</summary>
    public static ulong[] Words(int words)
    {
        var arena = t_current;
        if (arena is null || words < 1024)
        {
            return new ulong[words];
        }

        ulong[] bits;
        if (arena._free.TryGetValue(words, out var stack) && stack.Count > 0)
        {
            bits = stack.Pop();
            Array.Clear(bits);
        }
        else
        {
            bits = new ulong[words];
        }

        arena._taken.Add(bits);
        return bits;
    }

    /// <summary>An int array of at least the given length (contents undefined; pooled inside a scope).</summary>
    public static int[] Ints(int length)
    {
        var arena = t_current;
        if (arena is null || length < 16_384)
        {
            return new int[length];
        }

        var size = (int)Math.Min(int.MaxValue, System.Numerics.BitOperations.RoundUpToPowerOf2((uint)length));
        var array = arena._freeInts.TryGetValue(size, out var stack) && stack.Count > 0 ? stack.Pop() : new int[size];
        arena._takenInts.Add(array);
        return array;
    }

    private void ReturnAll()
    {
        foreach (var bits in _taken)
        {
            if (!_free.TryGetValue(bits.Length, out var stack))
            {
                _free[bits.Length] = stack = new Stack<ulong[]>();
            }

            if (stack.Count < MaxPooledPerSize)
            {
                stack.Push(bits);
            }
        }

        foreach (var ints in _takenInts)
        {
            if (!_freeInts.TryGetValue(ints.Length, out var stack))
            {
                _freeInts[ints.Length] = stack = new Stack<int[]>();
            }

            if (stack.Count < 4)
            {
                stack.Push(ints);
            }
        }

        _taken.Clear();
        _takenInts.Clear();
    }

    public readonly struct Scope(BitmapArena? outer, BitmapArena arena) : IDisposable
    {
        public void Dispose()
        {
            t_current = outer;
            if (outer is null)
            {
                arena.ReturnAll();
            }
        }
    }
}

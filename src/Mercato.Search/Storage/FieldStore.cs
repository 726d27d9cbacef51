namespace Mercato.Search.Storage;

/// <summary>Presence state of a field in a document.</summary>
internal static class FieldState
{
    public const byte Missing = 0;
    public const byte Value = 1;
    public const byte Null = 2;
    public const byte Empty = 3;
}

/// <summary>Everything one segment stores for one field (besides its postings).</summary>
internal sealed class FieldStore
{
    public FieldStore(byte[] state, ValueColumn? values, NumericColumn? numbers, GeoColumn? geo)
    {
        Values = values ?? numbers?.Facet;
        Numbers = numbers;
        Geo = geo;
        _count = state.Length;
        Exists = Bits.New(state.Length);
        var nulls = new List<int>();
        var empties = new List<int>();
        for (var o = 0; o < state.Length; o++)
        {
            switch (state[o])
            {
                case FieldState.Missing:
                    continue;
                case FieldState.Null:
                    nulls.Add(o);
                    break;
                case FieldState.Empty:
                    empties.Add(o);
                    break;
            }

            Bits.Set(Exists, o);
        }

        NullOrds = [.. nulls];
        EmptyOrds = [.. empties];
    }

    private readonly int _count;

    /// <summary>Per ordinal, a <see cref="FieldState"/> value (rebuilt from the presence sets, for merges).</summary>
    public byte[] State()
    {
        var state = new byte[_count];
        for (var w = 0; w < Exists.Length; w++)
        {
            var word = Exists[w];
            while (word != 0)
            {
                state[(w << 6) + System.Numerics.BitOperations.TrailingZeroCount(word)] = FieldState.Value;
                word &= word - 1;
            }
        }

        foreach (var o in NullOrds)
        {
            state[o] = FieldState.Null;
        }

        foreach (var o in EmptyOrds)
        {
            state[o] = FieldState.Empty;
        }

        return state;
    }

    /// <summary>Keyword-like values, or the facet column of a facetable numeric field.</summary>
    public ValueColumn? Values { get; }

    public NumericColumn? Numbers { get; }

    public GeoColumn? Geo { get; }

    public ulong[] Exists { get; }

    public int[] NullOrds { get; }

    public int[] EmptyOrds { get; }

    public long MemoryBytes() =>
        (Exists.Length * 8L) + ((NullOrds.Length + EmptyOrds.Length) * 4L) +
        (Numbers is null ? Values?.MemoryBytes() ?? 0 : Numbers.MemoryBytes()) + (Geo?.MemoryBytes() ?? 0);
}

using System.Runtime.CompilerServices;

namespace Mercato.Search.Storage;

/// <summary>An append-only list in fixed chunks: no doubling copies of huge arrays while bulk building.</summary>
internal sealed class ChunkedList<T>
{
    private const int Shift = 16;
    private const int ChunkSize = 1 << Shift;
    private readonly List<T[]> _chunks = [];
    private T[] _current = [];
    private int _used;

    public int Count { get; private set; }

    public T this[int i]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get => _chunks[i >> Shift][i & (ChunkSize - 1)];
        set => _chunks[i >> Shift][i & (ChunkSize - 1)] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(T item)
    {
        if (_used == _current.Length)
        {
            Grow();
        }

        _current[_used++] = item;
        Count++;
    }

    private void Grow()
    {
        // The first chunk grows by doubling so that small builds stay small; later chunks are full-size.
        if (_chunks.Count == 1 && _current.Length < ChunkSize)
        {
            Array.Resize(ref _current, _current.Length * 2);
            _chunks[0] = _current;
            return;
        }

        _current = new T[_chunks.Count == 0 ? 16 : ChunkSize];
        _chunks.Add(_current);
        _used = 0;
    }

    public T[] ToArray()
    {
        var result = new T[Count];
        var offset = 0;
        foreach (var chunk in _chunks)
        {
            var n = Math.Min(ChunkSize, Count - offset);
            Array.Copy(chunk, 0, result, offset, n);
            offset += n;
        }

        return result;
    }

    public IEnumerable<T[]> Chunks => _chunks;

    public int ChunkLength(int chunk) => Math.Min(ChunkSize, Count - (chunk << Shift));
}

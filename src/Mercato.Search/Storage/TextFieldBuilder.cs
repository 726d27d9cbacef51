using Mercato.Search.Text;

namespace Mercato.Search.Storage;

/// <summary>Tokenizes one searchable field while a segment is built; owns its own term dictionary so fields build in parallel.</summary>
internal sealed class TextFieldBuilder
{
    private readonly Dictionary<string, int> _dict = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly char[] _buffer = new char[Tokenizer.BufferLength];
    private readonly List<(int Term, int Tf, int Pos)> _docTerms = [];
    private int[] _lastDoc = new int[1024];
    private int[] _slot = new int[1024];

    public TextFieldBuilder(int field)
    {
        Field = field;
        _lookup = _dict.GetAlternateLookup<ReadOnlySpan<char>>();
        Array.Fill(_lastDoc, -1);
    }

    public int Field { get; }

    public List<string> Terms { get; } = [];

    public ChunkedList<int> TermIds { get; } = new();

    public ChunkedList<int> Ords { get; } = new();

    public ChunkedList<byte> Tf { get; } = new();

    public ChunkedList<byte> Pos { get; } = new();

    public ChunkedList<byte> Lengths { get; } = new();

    public void Add(int ord, bool present, in FieldValue value)
    {
        var position = 0;
        if (present && value.Type == ValueType.Text)
        {
            Tokenize(ord, value.Text!, ref position);
        }
        else if (present && value.Type == ValueType.Texts)
        {
            foreach (var s in value.Texts!)
            {
                Tokenize(ord, s, ref position);
            }
        }

        foreach (var (term, tf, pos) in _docTerms)
        {
            TermIds.Add(term);
            Ords.Add(ord);
            Tf.Add((byte)Math.Min(tf, 255));
            Pos.Add((byte)Math.Min(pos, 255));
        }

        _docTerms.Clear();
        Lengths.Add((byte)Math.Min(position, 255));
    }

    private void Tokenize(int ord, string text, ref int position)
    {
        var pos = 0;
        while (Tokenizer.Next(text, ref pos, _buffer, out _, out _, out var len))
        {
            var span = _buffer.AsSpan(0, len);
            if (!_lookup.TryGetValue(span, out var term))
            {
                term = Terms.Count;
                var s = new string(span);
                _dict.Add(s, term);
                Terms.Add(s);
                if (term >= _lastDoc.Length)
                {
                    var old = _lastDoc.Length;
                    Array.Resize(ref _lastDoc, old * 2);
                    Array.Resize(ref _slot, old * 2);
                    Array.Fill(_lastDoc, -1, old, old);
                }
            }

            if (_lastDoc[term] != ord)
            {
                _lastDoc[term] = ord;
                _slot[term] = _docTerms.Count;
                _docTerms.Add((term, 1, position));
            }
            else
            {
                var s = _slot[term];
                _docTerms[s] = _docTerms[s] with { Tf = _docTerms[s].Tf + 1 };
            }

            position++;
        }
    }

    /// <summary>Postings over the segment-wide term ids; <paramref name="globalOf"/> maps this field's term ids.</summary>
    public TextField Finish(int[] globalOf, int termCount, int[]? remap, int newCount)
    {
        var start = new int[termCount + 1];
        var n = TermIds.Count;
        for (var i = 0; i < n; i++)
        {
            if (remap is null || remap[Ords[i]] >= 0)
            {
                start[globalOf[TermIds[i]] + 1]++;
            }
        }

        for (var t = 0; t < termCount; t++)
        {
            start[t + 1] += start[t];
        }

        var total = start[termCount];
        var ords = new int[total];
        var tfs = new byte[total];
        var poss = new byte[total];
        var fill = start[..termCount];
        for (var i = 0; i < n; i++)
        {
            var ord = Ords[i];
            if (remap is not null)
            {
                ord = remap[ord];
                if (ord < 0)
                {
                    continue;
                }
            }

            var at = fill[globalOf[TermIds[i]]]++;
            ords[at] = ord;
            tfs[at] = Tf[i];
            poss[at] = Pos[i];
        }

        return new TextField(Field, start, ords, tfs, poss, Remap.Compact(Lengths.ToArray(), remap, newCount));
    }
}

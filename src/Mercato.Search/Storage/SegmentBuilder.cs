using Mercato.Search.Text;

namespace Mercato.Search.Storage;

/// <summary>Builds a segment from documents, in batches whose fields are processed in parallel.</summary>
internal sealed class SegmentBuilder
{
    private const int BatchSize = 4096;
    private readonly IndexSchema _schema;
    private readonly ChunkedList<long> _ids = new();
    private readonly ColumnBuilder?[] _columns;
    private readonly TextFieldBuilder[] _text;
    private readonly FieldValue[] _table;
    private readonly bool[] _present;
    private readonly int _batchSize;
    private int _batchCount;
    private int _count;

    private SegmentBuilder(IndexSchema schema, int batchSize)
    {
        _batchSize = batchSize;
        _schema = schema;
        var fields = schema.Fields;
        _columns = new ColumnBuilder?[fields.Count];
        var text = new List<TextFieldBuilder>();
        for (var f = 0; f < fields.Count; f++)
        {
            if (ColumnBuilder.Needed(fields[f]))
            {
                _columns[f] = new ColumnBuilder(fields[f]);
            }

            if (fields[f].Searchable)
            {
                text.Add(new TextFieldBuilder(f));
            }
        }

        _text = [.. text];
        _table = new FieldValue[batchSize * fields.Count];
        _present = new bool[batchSize * fields.Count];
    }

    /// <summary>Builds a segment; for repeated ids the last document wins.</summary>
    /// <exception cref="ArgumentException">A value does not fit its field's kind.</exception>
    public static Segment Build(IndexSchema schema, IEnumerable<SearchDocument> docs)
    {
        var batchSize = docs is ICollection<SearchDocument> c ? Math.Clamp(c.Count, 1, BatchSize) : BatchSize;
        var builder = new SegmentBuilder(schema, batchSize);
        foreach (var doc in docs)
        {
            ArgumentNullException.ThrowIfNull(doc);
            builder.Add(doc);
        }

        builder.Flush();
        return builder.Finish();
    }

    private void Add(SearchDocument doc)
    {
        var fieldCount = _schema.Fields.Count;
        var row = _batchCount * fieldCount;
        Array.Clear(_present, row, fieldCount);
        foreach (var (name, value) in doc.Values)
        {
            var f = _schema.IndexOf(name);
            if (f < 0)
            {
                continue;
            }

            _table[row + f] = Validate(_schema.Fields[f], value, doc.Id);
            _present[row + f] = true;
        }

        _ids.Add(doc.Id);
        if (++_batchCount == _batchSize)
        {
            Flush();
        }
    }

    private static FieldValue Validate(FieldDefinition def, FieldValue v, long id)
    {
        if (v.Type == ValueType.Null)
        {
            return v;
        }

        var ok = def.Kind switch
        {
            FieldKind.Text or FieldKind.Keyword => v.Type == ValueType.Text,
            FieldKind.KeywordList => v.Type is ValueType.Texts or ValueType.Text,
            FieldKind.Integer or FieldKind.Decimal => v.Type == ValueType.Number,
            FieldKind.Date => v.Type is ValueType.Number or ValueType.Text,
            FieldKind.Boolean => v.Type == ValueType.Bool,
            _ => v.Type == ValueType.Geo,
        };
        if (!ok)
        {
            throw new ArgumentException($"Document {id}: field '{def.Name}' of kind {def.Kind} cannot hold a {v.Type} value.");
        }

        if (def.Kind == FieldKind.Date && v.Type == ValueType.Text)
        {
            if (!Keys.TryParseDate(v.Text!, out var epoch))
            {
                throw new ArgumentException($"Document {id}: field '{def.Name}' needs an ISO-8601 date, got '{v.Text}'.");
            }

            return FieldValue.OfNumber(epoch);
        }

        return v;
    }

    private void Flush()
    {
        var n = _batchCount;
        if (n == 0)
        {
            return;
        }

        var first = _count;
        var fieldCount = _schema.Fields.Count;
        var work = new List<Action>();
        work.Add(() =>
        {
            for (var f = 0; f < fieldCount; f++)
            {
                var column = _columns[f];
                if (column is null)
                {
                    continue;
                }

                for (var d = 0; d < n; d++)
                {
                    column.Add(_present[(d * fieldCount) + f], _table[(d * fieldCount) + f]);
                }
            }
        });
        foreach (var text in _text)
        {
            work.Add(() =>
            {
                for (var d = 0; d < n; d++)
                {
                    text.Add(first + d, _present[(d * fieldCount) + text.Field], _table[(d * fieldCount) + text.Field]);
                }
            });
        }

        if (n >= 256 && work.Count > 1)
        {
            Parallel.Invoke(work.ToArray());
        }
        else
        {
            work.ForEach(a => a());
        }

        _count += n;
        _batchCount = 0;
    }

    private Segment Finish()
    {
        var ids = _ids.ToArray();
        var (remap, newCount) = Dedupe(ids);
        ids = Remap.Compact(ids, remap, newCount);
        var fields = new FieldStore?[_columns.Length];
        var tasks = new List<Action>();
        for (var f = 0; f < _columns.Length; f++)
        {
            var column = _columns[f];
            var index = f;
            if (column is not null)
            {
                tasks.Add(() => fields[index] = column.Finish(remap, newCount));
            }
        }

        TextStore? text = null;
        if (_text.Length > 0)
        {
            var all = SortedUnion.Of(_text.Select(t => (IReadOnlyList<string>)t.Terms));
            var textFields = new TextField[_text.Length];
            for (var i = 0; i < _text.Length; i++)
            {
                var builder = _text[i];
                var slot = i;
                tasks.Add(() =>
                {
                    var globalOf = new int[builder.Terms.Count];
                    for (var t = 0; t < globalOf.Length; t++)
                    {
                        globalOf[t] = Array.BinarySearch(all, builder.Terms[t], StringComparer.Ordinal);
                    }

                    textFields[slot] = builder.Finish(globalOf, all.Length, remap, newCount);
                });
            }

            text = new TextStore(all, textFields);
        }

        if (newCount >= 4096)
        {
            Parallel.Invoke(tasks.ToArray());
        }
        else
        {
            tasks.ForEach(t => t());
        }

        return new Segment(_schema, ids, fields, text);
    }

    /// <summary>Keeps the last occurrence of each id; returns null when no id repeats.</summary>
    private static (int[]? Remap, int Count) Dedupe(long[] ids)
    {
        var ascending = true;
        for (var i = 1; i < ids.Length && ascending; i++)
        {
            ascending = ids[i] > ids[i - 1];
        }

        if (ascending)
        {
            return (null, ids.Length);
        }

        var sorted = (long[])ids.Clone();
        var ords = new int[ids.Length];
        for (var i = 0; i < ords.Length; i++)
        {
            ords[i] = i;
        }

        Array.Sort(sorted, ords);
        var dead = new bool[ids.Length];
        var any = false;
        for (var i = 0; i < sorted.Length;)
        {
            var j = i + 1;
            var last = ords[i];
            while (j < sorted.Length && sorted[j] == sorted[i])
            {
                dead[Math.Min(last, ords[j])] = true;
                last = Math.Max(last, ords[j]);
                any = true;
                j++;
            }

            i = j;
        }

        if (!any)
        {
            return (null, ids.Length);
        }

        var remap = new int[ids.Length];
        var n = 0;
        for (var o = 0; o < ids.Length; o++)
        {
            remap[o] = dead[o] ? -1 : n++;
        }

        return (remap, n);
    }
}

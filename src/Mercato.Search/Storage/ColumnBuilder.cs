using Mercato.Search.Text;

namespace Mercato.Search.Storage;

/// <summary>Accumulates one field's non-text columns while a segment is built from documents.</summary>
internal sealed class ColumnBuilder
{
    private readonly FieldDefinition _def;
    private readonly ChunkedList<byte> _state = new();
    private readonly Dictionary<string, int>? _dict;
    private readonly List<string> _keys = [];
    private readonly List<string> _display = [];
    private readonly ChunkedList<int>? _single;
    private readonly ChunkedList<int>? _listStart;
    private readonly ChunkedList<int>? _listValues;
    private readonly ChunkedList<double>? _numbers;
    private readonly ChunkedList<double>? _lat;
    private readonly ChunkedList<double>? _lng;

    public ColumnBuilder(FieldDefinition def)
    {
        _def = def;
        switch (def.Kind)
        {
            case FieldKind.Integer or FieldKind.Decimal or FieldKind.Date:
                _numbers = new();
                break;
            case FieldKind.GeoPoint:
                _lat = new();
                _lng = new();
                break;
            case FieldKind.KeywordList:
                _dict = new(StringComparer.Ordinal);
                _listStart = new();
                _listValues = new();
                break;
            default:
                _dict = new(StringComparer.Ordinal);
                _single = new();
                break;
        }
    }

    /// <summary>True when the field needs columns (filter, facet, sort, or geo).</summary>
    public static bool Needed(FieldDefinition def) =>
        def.Filterable || def.Facetable || def.Sortable || def.Kind == FieldKind.GeoPoint;

    /// <summary>Adds the next document's value; <paramref name="value"/> is already validated for the kind.</summary>
    public void Add(bool present, in FieldValue value)
    {
        var state = !present ? FieldState.Missing : value.Type == ValueType.Null ? FieldState.Null : FieldState.Value;
        if (_numbers is not null)
        {
            _numbers.Add(state == FieldState.Value ? value.Number : double.NaN);
        }
        else if (_lat is not null)
        {
            _lat.Add(state == FieldState.Value ? value.Number : double.NaN);
            _lng!.Add(state == FieldState.Value ? value.Number2 : double.NaN);
        }
        else if (_listStart is not null)
        {
            var start = _listValues!.Count;
            _listStart.Add(start);
            if (state == FieldState.Value)
            {
                foreach (var s in value.Texts ?? [value.Text!])
                {
                    var id = Intern(s);
                    if (id >= 0 && !Contains(_listValues, start, id))
                    {
                        _listValues.Add(id);
                    }
                }

                if (_listValues.Count == start)
                {
                    state = FieldState.Empty;
                }
            }
        }
        else
        {
            var id = -1;
            if (state == FieldState.Value)
            {
                id = Intern(value.Type == ValueType.Bool ? Keys.BoolKey(value.Number != 0) : value.Text!);
                if (id < 0)
                {
                    state = FieldState.Empty;
                }
            }

            _single!.Add(id);
        }

        _state.Add(state);
    }

    private static bool Contains(ChunkedList<int> list, int from, int id)
    {
        for (var i = from; i < list.Count; i++)
        {
            if (list[i] == id)
            {
                return true;
            }
        }

        return false;
    }

    private int Intern(string raw)
    {
        var key = Keys.Normalize(raw);
        if (key.Length == 0)
        {
            return -1;
        }

        if (!_dict!.TryGetValue(key, out var id))
        {
            id = _keys.Count;
            _dict.Add(key, id);
            _keys.Add(key);
            _display.Add(raw.Trim());
        }

        return id;
    }

    /// <summary>Builds the field store, dropping ordinals whose <paramref name="remap"/> entry is -1.</summary>
    public FieldStore Finish(int[]? remap, int newCount)
    {
        var state = Remap.Compact(_state.ToArray(), remap, newCount);
        if (_numbers is not null)
        {
            return new FieldStore(state, null, new NumericColumn(Remap.Compact(_numbers.ToArray(), remap, newCount), _def.Facetable), null);
        }

        if (_lat is not null)
        {
            return new FieldStore(state, null, null, new GeoColumn(Remap.Compact(_lat.ToArray(), remap, newCount), Remap.Compact(_lng!.ToArray(), remap, newCount)));
        }

        // Value ids become ranks in ordinal key order, so id order is key order.
        var keys = _keys.ToArray();
        var order = new int[keys.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort((string[])keys.Clone(), order, StringComparer.Ordinal);
        var rank = new int[keys.Length];
        var sortedKeys = new string[keys.Length];
        var sortedDisplay = new string[keys.Length];
        for (var r = 0; r < order.Length; r++)
        {
            rank[order[r]] = r;
            sortedKeys[r] = keys[order[r]];
            sortedDisplay[r] = _display[order[r]];
        }

        // Display spellings serve facets only.
        if (!_def.Facetable)
        {
            sortedDisplay = sortedKeys;
        }

        if (_single is not null)
        {
            var single = Remap.Compact(_single.ToArray(), remap, newCount);
            for (var o = 0; o < single.Length; o++)
            {
                if (single[o] >= 0)
                {
                    single[o] = rank[single[o]];
                }
            }

            return new FieldStore(state, new ValueColumn(sortedKeys, sortedDisplay, null, newCount, single, null, null), null, null);
        }

        _listStart!.Add(_listValues!.Count);
        var (listStart, listValues) = Remap.CompactLists(_listStart.ToArray(), _listValues.ToArray(), remap, newCount);
        for (var i = 0; i < listValues.Length; i++)
        {
            listValues[i] = rank[listValues[i]];
        }

        return new FieldStore(state, new ValueColumn(sortedKeys, sortedDisplay, null, newCount, null, listStart, listValues), null, null);
    }
}

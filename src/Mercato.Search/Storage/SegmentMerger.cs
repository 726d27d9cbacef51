namespace Mercato.Search.Storage;

/// <summary>Merges the live documents of several segments (in order) into one new segment.</summary>
internal static class SegmentMerger
{
    public static Segment Merge(IndexSchema schema, IReadOnlyList<(Segment Seg, ulong[] Live)> sources)
    {
        var remaps = new int[sources.Count][];
        var count = 0;
        for (var s = 0; s < sources.Count; s++)
        {
            var (seg, live) = sources[s];
            var remap = new int[seg.Count];
            for (var o = 0; o < seg.Count; o++)
            {
                remap[o] = Bits.Get(live, o) ? count++ : -1;
            }

            remaps[s] = remap;
        }

        var ids = Gather(sources, remaps, count, s => s.Ids);
        var fieldCount = schema.Fields.Count;
        var fields = new FieldStore?[fieldCount];
        var tasks = new List<Action>();
        for (var f = 0; f < fieldCount; f++)
        {
            var index = f;
            if (sources[0].Seg.Fields[f] is not null)
            {
                tasks.Add(() => fields[index] = MergeField(schema.Fields[index], index, sources, remaps, count));
            }
        }

        TextStore? text = null;
        if (sources[0].Seg.Text is { } firstText)
        {
            var terms = SortedUnion.Of(sources.Select(s => (IReadOnlyList<string>)s.Seg.Text!.Terms));
            var termMaps = sources.Select(s => SortedUnion.MapInto(s.Seg.Text!.Terms, terms)).ToArray();
            var textFields = new TextField[firstText.Fields.Length];
            for (var i = 0; i < textFields.Length; i++)
            {
                var slot = i;
                tasks.Add(() => textFields[slot] = MergeText(slot, terms.Length, sources, remaps, termMaps, count));
            }

            text = new TextStore(terms, textFields);
        }

        if (count >= 4096)
        {
            Parallel.Invoke(tasks.ToArray());
        }
        else
        {
            tasks.ForEach(t => t());
        }

        return new Segment(schema, ids, fields, text);
    }

    private static T[] Gather<T>(IReadOnlyList<(Segment Seg, ulong[] Live)> sources, int[][] remaps, int count, Func<Segment, T[]> column)
    {
        var result = new T[count];
        for (var s = 0; s < sources.Count; s++)
        {
            var src = column(sources[s].Seg);
            var remap = remaps[s];
            for (var o = 0; o < remap.Length; o++)
            {
                if (remap[o] >= 0)
                {
                    result[remap[o]] = src[o];
                }
            }
        }

        return result;
    }

    private static FieldStore MergeField(FieldDefinition def, int f, IReadOnlyList<(Segment Seg, ulong[] Live)> sources, int[][] remaps, int count)
    {
        var state = Gather(sources, remaps, count, s => s.Fields[f]!.State());
        var first = sources[0].Seg.Fields[f]!;
        if (first.Numbers is not null)
        {
            return new FieldStore(state, null, new NumericColumn(Gather(sources, remaps, count, s => s.Fields[f]!.Numbers!.Values), def.Facetable), null);
        }

        if (first.Geo is not null)
        {
            return new FieldStore(state, null, null, new GeoColumn(Gather(sources, remaps, count, s => s.Fields[f]!.Geo!.Lat), Gather(sources, remaps, count, s => s.Fields[f]!.Geo!.Lng)));
        }

        var keys = SortedUnion.Of(sources.Select(s => (IReadOnlyList<string>)s.Seg.Fields[f]!.Values!.Keys));
        var display = def.Facetable ? new string?[keys.Length] : keys;
        var maps = new int[sources.Count][];
        for (var s = 0; s < sources.Count; s++)
        {
            var values = sources[s].Seg.Fields[f]!.Values!;
            maps[s] = SortedUnion.MapInto(values.Keys, keys);
            for (var v = 0; v < maps[s].Length && def.Facetable; v++)
            {
                display[maps[s][v]] ??= values.Display[v];
            }
        }

        if (first.Values!.Single is not null)
        {
            var single = new int[count];
            for (var s = 0; s < sources.Count; s++)
            {
                var src = sources[s].Seg.Fields[f]!.Values!.Single!;
                var remap = remaps[s];
                for (var o = 0; o < remap.Length; o++)
                {
                    if (remap[o] >= 0)
                    {
                        single[remap[o]] = src[o] >= 0 ? maps[s][src[o]] : -1;
                    }
                }
            }

            return new FieldStore(state, new ValueColumn(keys, display!, null, count, single, null, null), null, null);
        }

        var listStart = new int[count + 1];
        var listValues = new List<int>();
        for (var s = 0; s < sources.Count; s++)
        {
            var column = sources[s].Seg.Fields[f]!.Values!;
            var remap = remaps[s];
            for (var o = 0; o < remap.Length; o++)
            {
                if (remap[o] < 0)
                {
                    continue;
                }

                listStart[remap[o]] = listValues.Count;
                for (var j = column.ListStart![o]; j < column.ListStart[o + 1]; j++)
                {
                    listValues.Add(maps[s][column.ListValues![j]]);
                }
            }
        }

        listStart[count] = listValues.Count;
        return new FieldStore(state, new ValueColumn(keys, display!, null, count, null, listStart, [.. listValues]), null, null);
    }

    private static TextField MergeText(int slot, int termCount, IReadOnlyList<(Segment Seg, ulong[] Live)> sources, int[][] remaps, int[][] termMaps, int count)
    {
        var start = new int[termCount + 1];
        for (var s = 0; s < sources.Count; s++)
        {
            var tf = sources[s].Seg.Text!.Fields[slot];
            var remap = remaps[s];
            var map = termMaps[s];
            for (var t = 0; t < map.Length; t++)
            {
                var live = 0;
                for (var p = tf.PostStart[t]; p < tf.PostStart[t + 1]; p++)
                {
                    if (remap[tf.PostOrds[p]] >= 0)
                    {
                        live++;
                    }
                }

                start[map[t] + 1] += live;
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
        for (var s = 0; s < sources.Count; s++)
        {
            var tf = sources[s].Seg.Text!.Fields[slot];
            var remap = remaps[s];
            var map = termMaps[s];
            for (var t = 0; t < map.Length; t++)
            {
                var at = fill[map[t]];
                for (var p = tf.PostStart[t]; p < tf.PostStart[t + 1]; p++)
                {
                    var ord = remap[tf.PostOrds[p]];
                    if (ord >= 0)
                    {
                        ords[at] = ord;
                        tfs[at] = tf.PostTf[p];
                        poss[at++] = tf.PostPos[p];
                    }
                }

                fill[map[t]] = at;
            }
        }

        var field = sources[0].Seg.Text!.Fields[slot].Field;
        var lengths = Gather(sources, remaps, count, s => s.Text!.Fields[slot].Lengths);
        return new TextField(field, start, ords, tfs, poss, lengths);
    }
}

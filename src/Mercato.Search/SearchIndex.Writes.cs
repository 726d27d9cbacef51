using Mercato.Search.Storage;

namespace Mercato.Search;

public sealed partial class SearchIndex
{
    /// <summary>Tail segments beyond this count are merged regardless of their sizes.</summary>
    private const int MaxSegments = 12;

    private readonly List<SegmentState> _states = [];
    private readonly Lock _writeLock = new();
    private bool _fullMergeRunning;
    private Task? _mergeTask;

    /// <summary>Adds or replaces one document; visible to queries that start after this returns.</summary>
    /// <exception cref="ArgumentException">A value does not fit its field's kind.</exception>
    public void Upsert(SearchDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        UpsertMany([doc]);
    }

    /// <summary>
    /// Adds or replaces many documents as one atomic write (queries see all of them or none); the bulk-load path.
    /// When an id repeats within the batch the last document wins.
    /// </summary>
    /// <exception cref="ArgumentException">A value does not fit its field's kind (nothing is written).</exception>
    public void UpsertMany(IEnumerable<SearchDocument> docs)
    {
        ArgumentNullException.ThrowIfNull(docs);
        var segment = SegmentBuilder.Build(Schema, docs);
        if (segment.Count == 0)
        {
            return;
        }

        bool merge;
        lock (_writeLock)
        {
            var cloned = new HashSet<SegmentState>();
            var maxExisting = _states.Max(s => s.MaxId);
            if (_states.Count == 1 && _states[0].Seg.Count == 0)
            {
                _states[0] = new SegmentState(segment, segment.AllBits, segment.Count);
            }
            else
            {
                if (segment.MinId <= maxExisting)
                {
                    foreach (var id in segment.Ids)
                    {
                        Tombstone(id, cloned);
                    }
                }

                _states.Add(new SegmentState(segment, segment.AllBits, segment.Count));
                MergeTail();
            }

            Publish();
            merge = ClaimFullMerge();
        }

        if (merge)
        {
            StartFullMerge();
        }
    }

    /// <summary>Removes a document; returns false when no live document has this id.</summary>
    public bool Delete(long id)
    {
        bool merge;
        lock (_writeLock)
        {
            if (!Tombstone(id, []))
            {
                return false;
            }

            Publish();
            merge = ClaimFullMerge();
        }

        if (merge)
        {
            StartFullMerge();
        }

        return true;
    }

    /// <summary>Waits for a running background merge (tests and benchmarks).</summary>
    internal void WaitForMerges() => _mergeTask?.Wait();

    private bool Tombstone(long id, HashSet<SegmentState> cloned)
    {
        for (var i = _states.Count - 1; i >= 0; i--)
        {
            var state = _states[i];
            if (id < state.MinId || id > state.MaxId)
            {
                continue;
            }

            var ord = state.Seg.FindOrd(id);
            if (ord < 0 || !Bits.Get(state.Live, ord))
            {
                continue;
            }

            // Copy on write: published snapshots keep the bitmap they were given.
            if (cloned.Add(state))
            {
                state.Live = (ulong[])state.Live.Clone();
            }

            Bits.Clear(state.Live, ord);
            state.LiveCount--;
            return true;
        }

        return false;
    }

    private void Publish() => _snapshot = new Snapshot([.. _states.Select(s => new SegmentView(s.Seg, s.Live, s.LiveCount))]);

    /// <summary>Keeps tail segments roughly geometric in size, so a document is rewritten O(log n) times before a full merge.</summary>
    private void MergeTail()
    {
        while (_states.Count >= 3)
        {
            var a = _states[^2];
            var b = _states[^1];
            if (a.Merging || b.Merging || (a.LiveCount > 2 * b.LiveCount && _states.Count <= MaxSegments))
            {
                return;
            }

            var merged = SegmentMerger.Merge(Schema, [(a.Seg, a.Live), (b.Seg, b.Live)]);
            _states.RemoveRange(_states.Count - 2, 2);
            if (merged.Count > 0)
            {
                _states.Add(new SegmentState(merged, merged.AllBits, merged.Count));
            }
        }
    }

    private bool ClaimFullMerge()
    {
        if (_fullMergeRunning)
        {
            return false;
        }

        var main = _states[0];
        var tail = 0;
        for (var i = 1; i < _states.Count; i++)
        {
            tail += _states[i].Seg.Count;
        }

        var dead = main.Seg.Count - main.LiveCount;
        var needed = tail >= _options.MergeThreshold || _states.Count > MaxSegments ||
            (dead > 0 && dead >= Math.Min(_options.MergeThreshold, 1 + (main.Seg.Count / 10)));
        _fullMergeRunning = needed;
        return needed;
    }

    private void StartFullMerge()
    {
        if (_options.BackgroundMerge)
        {
            _mergeTask = Task.Run(FullMerge);
        }
        else
        {
            FullMerge();
        }
    }

    /// <summary>Merges every segment into one, dropping deleted and replaced documents; writes continue meanwhile.</summary>
    private void FullMerge()
    {
        List<SegmentState> parts;
        (Segment, ulong[])[] sources;
        lock (_writeLock)
        {
            parts = [.. _states];
            parts.ForEach(p => p.Merging = true);
            sources = [.. parts.Select(p => (p.Seg, p.Live))];
        }

        try
        {
            var merged = SegmentMerger.Merge(Schema, sources);
            lock (_writeLock)
            {
                var live = (ulong[])merged.AllBits.Clone();
                var liveCount = merged.Count;

                // Documents deleted or replaced while merging die in the merged segment too.
                for (var i = 0; i < parts.Count; i++)
                {
                    var then = sources[i].Item2;
                    var now = parts[i].Live;
                    if (ReferenceEquals(then, now))
                    {
                        continue;
                    }

                    for (var o = 0; o < parts[i].Seg.Count; o++)
                    {
                        if (Bits.Get(then, o) && !Bits.Get(now, o))
                        {
                            var m = merged.FindOrd(parts[i].Seg.Ids[o]);
                            if (m >= 0 && Bits.Get(live, m))
                            {
                                Bits.Clear(live, m);
                                liveCount--;
                            }
                        }
                    }
                }

                _states.RemoveRange(0, parts.Count);
                _states.Insert(0, new SegmentState(merged, live, liveCount));
                Publish();
            }
        }
        finally
        {
            bool again;
            lock (_writeLock)
            {
                parts.ForEach(p => p.Merging = false);
                _fullMergeRunning = false;
                again = _options.BackgroundMerge && ClaimFullMerge();
            }

            if (again)
            {
                _mergeTask = Task.Run(FullMerge);
            }
        }
    }

    /// <summary>The writer's view of a segment: the live bitmap is replaced (never mutated) once published.</summary>
    private sealed class SegmentState(Segment seg, ulong[] live, int liveCount)
    {
        public Segment Seg { get; } = seg;

        public ulong[] Live { get; set; } = live;

        public int LiveCount { get; set; } = liveCount;

        public bool Merging { get; set; }

        public long MinId { get; } = seg.MinId;

        public long MaxId { get; } = seg.MaxId;
    }
}

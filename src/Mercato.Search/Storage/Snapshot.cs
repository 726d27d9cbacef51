namespace Mercato.Search.Storage;

/// <summary>A segment as one snapshot sees it: the immutable segment and its immutable live-document bitmap.</summary>
internal sealed record SegmentView(Segment Seg, ulong[] Live, int LiveCount);

/// <summary>One consistent, immutable state of the index; every query reads exactly one.</summary>
internal sealed class Snapshot
{
    public Snapshot(SegmentView[] views)
    {
        Views = views;
        Segments = views.Select(v => v.Seg).ToArray();
        Count = views.Sum(v => v.LiveCount);
    }

    public SegmentView[] Views { get; }

    public Segment[] Segments { get; }

    public int Count { get; }
}

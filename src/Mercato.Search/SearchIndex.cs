using Mercato.Search.Storage;

namespace Mercato.Search;

/// <summary>
/// An in-memory full-text, faceted and geo index. Thread-safe: any number of concurrent readers, writers
/// serialized internally. Each query reads one immutable snapshot, so readers never wait for writers and never see
/// a half-applied write; an upsert or delete is visible to every query that starts after it returns.
/// </summary>
public sealed partial class SearchIndex
{
    private readonly SearchIndexOptions _options;
    private volatile Snapshot _snapshot;

    /// <summary>Creates an empty index.</summary>
    public SearchIndex(IndexSchema schema, SearchIndexOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        Schema = schema;
        _options = options ?? new SearchIndexOptions();
        if (_options.MaxLimit < 0 || _options.MaxOffset < 0 || _options.ExactTotalCap < 0 || _options.MaxQueryLength < 1 ||
            _options.MaxQueryWords < 1 || _options.MaxPrefixExpansions < 1 || _options.MergeThreshold < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Index options must be positive.");
        }

        var empty = SegmentBuilder.Build(schema, []);
        _states.Add(new SegmentState(empty, empty.AllBits, 0));
        _snapshot = new Snapshot([new SegmentView(empty, empty.AllBits, 0)]);
    }

    /// <summary>The fields of the index.</summary>
    public IndexSchema Schema { get; }

    /// <summary>Number of live documents in the current snapshot.</summary>
    public int Count => _snapshot.Count;

    /// <summary>Approximate bytes held by the current snapshot's arrays and strings (not counting object headers of small objects).</summary>
    public long EstimateMemoryBytes()
    {
        long bytes = 0;
        foreach (var view in _snapshot.Views)
        {
            bytes += view.Seg.MemoryBytes() + (view.Live.Length * 8L);
        }

        return bytes;
    }

    internal Snapshot CurrentSnapshot => _snapshot;

    internal int SegmentCount => _snapshot.Views.Length;
}

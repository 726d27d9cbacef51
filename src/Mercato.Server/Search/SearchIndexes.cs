using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Dapper;
using Mercato.Search;
using Mercato.Server.Catalog;
using Mercato.Server.Infrastructure;
using Mercato.Server.Infrastructure.Cli;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Search;

/// <summary>A tenant's index and the mapping that fills it.</summary>
internal sealed record TenantIndex(SearchIndex Index, ListingDocuments Documents);

/// <summary>
/// One in-memory index per tenant on every node: built from the database at start, then kept current by reading the
/// listing change log from the last position applied. Writers never block searches; each search reads a snapshot.
/// </summary>
internal sealed class SearchIndexes(Database database, ChangeLog changeLog, IOptions<SearchOptions> options, ILogger<SearchIndexes> logger)
    : IDisposable
{
    private const string Columns =
        """
        SELECT l.id, l.tenant_id, l.category_id, s.external_id, l.title, l.description, l.price_amount, l.price_currency,
               l.attributes, l.created_at, l.status, s.status, h.listing_id
        FROM listings l JOIN sellers s ON s.id = l.seller_id LEFT JOIN listing_holds h ON h.listing_id = l.id
        """;

    private readonly ConcurrentDictionary<long, TenantIndex> _indexes = new();
    private readonly SemaphoreSlim _building = new(1, 1);

    // Listings read by the build in progress, for its progress lines.
    private long _rowsRead;

    public void Dispose() => _building.Dispose();

    /// <summary>The last change-log sequence number applied to the indexes.</summary>
    public long Position { get; private set; }

    public bool Ready { get; private set; }

    public TenantIndex? Find(long tenantId) => _indexes.GetValueOrDefault(tenantId);

    /// <summary>The tenant's index, built now if the tenant is new to this node (no listing change has named it yet).</summary>
    public async ValueTask<TenantIndex> GetAsync(long tenantId, CancellationToken cancellationToken) =>
        _indexes.TryGetValue(tenantId, out var index) ? index : await BuildTenantAsync(tenantId, onlyIfMissing: true, cancellationToken);

    /// <summary>Builds every tenant's index. The position is read first, so changes made during the build are replayed after it.</summary>
    public async Task BuildAllAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        List<long> tenants;
        long total;
        await using (var connection = await database.OpenAsync(cancellationToken))
        {
            Position = await connection.ExecuteScalarAsync<long?>("SELECT max(seq) FROM listing_changes") ?? 0;
            tenants = (await connection.QueryAsync<long>("SELECT id FROM tenants ORDER BY id")).ToList();
            total = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM listings WHERE status = 'active'");
        }

        var documents = 0;
        _rowsRead = 0;
        await using (new LogProgressSink(logger, TimeSpan.FromSeconds(5)).Track("search index build", "listings", total, () => Interlocked.Read(ref _rowsRead)))
        {
            foreach (var tenant in tenants)
            {
                documents += (await BuildTenantAsync(tenant, onlyIfMissing: false, cancellationToken)).Index.Count;
            }
        }

        Ready = true;
        SearchLog.Built(logger, documents, tenants.Count, stopwatch.Elapsed.TotalSeconds);
    }

    private async Task<TenantIndex> BuildTenantAsync(long tenantId, bool onlyIfMissing, CancellationToken cancellationToken)
    {
        await _building.WaitAsync(cancellationToken);
        try
        {
            if (onlyIfMissing && _indexes.TryGetValue(tenantId, out var existing))
            {
                return existing;
            }

            return await BuildAsync(tenantId, cancellationToken);
        }
        finally
        {
            _building.Release();
        }
    }

    private async Task<TenantIndex> BuildAsync(long tenantId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var documents = new ListingDocuments(await CategoryStore.ListAsync(connection, tenantId));
        var index = new SearchIndex(documents.Schema, new SearchIndexOptions { MaxLimit = SearchLimits.MaxLimit, MaxOffset = SearchLimits.MaxOffset });
        await using var reader = await connection.ExecuteReaderAsync(
            $"{Columns} WHERE l.tenant_id = @tenantId AND l.status = 'active' AND s.status = 'active' AND h.listing_id IS NULL ORDER BY l.id", new { tenantId });
        index.UpsertMany(Read(reader, documents).Where(r => r.Document is not null).Select(r => r.Document!));
        var built = new TenantIndex(index, documents);
        _indexes[tenantId] = built;
        return built;
    }

    /// <summary>Applies the changes committed since <see cref="Position"/>; returns how many were read.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        var changes = await changeLog.ReadAsync(null, Position, options.Value.BatchSize, cancellationToken);
        if (changes.Count == 0)
        {
            return 0;
        }

        foreach (var tenantChanges in changes.GroupBy(c => c.TenantId))
        {
            await ApplyAsync(tenantChanges.Key, tenantChanges.Select(c => c.ListingId).Distinct().ToList(), cancellationToken);
        }

        Position = changes[^1].Seq;
        return changes.Count;
    }

    private async Task ApplyAsync(long tenantId, List<long> ids, CancellationToken cancellationToken)
    {
        if (!_indexes.TryGetValue(tenantId, out var tenant))
        {
            await BuildTenantAsync(tenantId, onlyIfMissing: true, cancellationToken);
            return;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        foreach (var chunk in ids.Chunk(500))
        {
            await using var reader = await connection.ExecuteReaderAsync(
                $"{Columns} WHERE l.tenant_id = @tenantId AND {database.In("l.id", "@chunk")}", new { tenantId, chunk });
            var rows = Read(reader, tenant.Documents).ToList();
            if (rows.Any(r => r.UnknownCategory))
            {
                // A category created after the index was built: its attributes need a new schema.
                await BuildTenantAsync(tenantId, onlyIfMissing: false, cancellationToken);
                return;
            }

            var present = new HashSet<long>();
            foreach (var row in rows)
            {
                present.Add(row.Id);
                if (row.Document is not null)
                {
                    tenant.Index.Upsert(row.Document);
                }
                else
                {
                    tenant.Index.Delete(row.Id);
                }
            }

            foreach (var gone in chunk.Where(id => !present.Contains(id)))
            {
                tenant.Index.Delete(gone);
            }
        }
    }

    /// <summary>Rows as documents; a row that is not public yields no document (it must leave the index).</summary>
    private IEnumerable<(long Id, SearchDocument? Document, bool UnknownCategory)> Read(DbDataReader reader, ListingDocuments documents)
    {
        while (reader.Read())
        {
            Interlocked.Increment(ref _rowsRead);
            var id = reader.GetInt64(0);
            var categoryId = reader.GetInt64(2);
            if (!documents.Knows(categoryId))
            {
                yield return (id, null, true);
                continue;
            }

            if (reader.GetString(10) != ListingStatus.Active || reader.GetString(11) != Sellers.SellerStatus.Active || !reader.IsDBNull(12))
            {
                yield return (id, null, false);
                continue;
            }

            yield return (id, documents.ToDocument(
                id,
                categoryId,
                reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetInt64(6),
                reader.IsDBNull(7) ? null : reader.GetString(7),
                reader.GetString(8),
                reader.GetFieldValue<DateTimeOffset>(9)), false);
        }
    }
}

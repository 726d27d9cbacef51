namespace Mercato.Server.Tenancy;

/// <summary>
/// Host name → tenant, cached in memory. Tenants change rarely and possibly on another node, so the map is
/// reloaded when it is older than <see cref="MaxAge"/> or when this node changed a tenant.
/// </summary>
internal sealed class TenantDirectory(TenantStore store, TimeProvider time) : IDisposable
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);
    private static readonly HashSet<string> LoopbackHosts = new(StringComparer.Ordinal) { "localhost", "127.0.0.1", "[::1]" };

    private readonly SemaphoreSlim _reload = new(1, 1);
    private Snapshot? _snapshot;

    public void Invalidate() => _snapshot = null;

    public void Dispose() => _reload.Dispose();

    public async ValueTask<Tenant?> ResolveAsync(string hostHeader, CancellationToken cancellationToken)
    {
        var snapshot = await GetSnapshotAsync(cancellationToken);
        var host = TenantRules.NormaliseHost(hostHeader);
        if (snapshot.ByHost.TryGetValue(host, out var tenant))
        {
            return tenant;
        }

        return LoopbackHosts.Contains(host) ? snapshot.BySlug.GetValueOrDefault(Tenant.DefaultSlug) : null;
    }

    public async ValueTask<Tenant?> FindBySlugAsync(string slug, CancellationToken cancellationToken) =>
        (await GetSnapshotAsync(cancellationToken)).BySlug.GetValueOrDefault(slug);

    private async ValueTask<Snapshot> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        var snapshot = _snapshot;
        if (snapshot is not null && time.GetUtcNow() - snapshot.LoadedAt < MaxAge)
        {
            return snapshot;
        }

        await _reload.WaitAsync(cancellationToken);
        try
        {
            snapshot = _snapshot;
            if (snapshot is not null && time.GetUtcNow() - snapshot.LoadedAt < MaxAge)
            {
                return snapshot;
            }

            var tenants = await store.ListAsync(cancellationToken);
            snapshot = new Snapshot(
                tenants.SelectMany(t => t.Hosts.Select(h => (h, t))).ToDictionary(p => p.h, p => p.t, StringComparer.Ordinal),
                tenants.ToDictionary(t => t.Slug, StringComparer.Ordinal),
                time.GetUtcNow());
            _snapshot = snapshot;
            return snapshot;
        }
        finally
        {
            _reload.Release();
        }
    }

    private sealed record Snapshot(Dictionary<string, Tenant> ByHost, Dictionary<string, Tenant> BySlug, DateTimeOffset LoadedAt);
}

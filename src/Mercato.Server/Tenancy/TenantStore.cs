using System.Data.Common;
using System.Text.Json;
using Dapper;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Tenancy;

/// <summary>
/// Tenants in the database. Creating one, or adding verticals to one, also adds what those verticals bring (their
/// categories) through <paramref name="verticals"/>, in the same transaction; a store made without it only reads.
/// </summary>
internal sealed class TenantStore(Database database, TimeProvider time, IVerticalSetup? verticals = null)
{
    public sealed record NewTenant(
        string Slug,
        string Name,
        IReadOnlyList<string> Hosts,
        string DefaultCurrency,
        IReadOnlyList<string> Verticals,
        TenantBranding Branding);

    private IVerticalSetup Setup =>
        verticals ?? throw new InvalidOperationException("this TenantStore only reads; creating or updating tenants needs an IVerticalSetup");

    public async Task<IReadOnlyList<Tenant>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var rows = await connection.QueryAsync<TenantRow>(
            $"""
            SELECT id, slug, name, default_currency AS DefaultCurrency, {database.JsonText("verticals")} AS Verticals, {database.JsonText("branding")} AS Branding,
                   {database.BoolAsInteger("seller_approval")} AS SellerApproval
            FROM tenants ORDER BY id
            """);
        var hosts = (await connection.QueryAsync<(string Host, long TenantId)>("SELECT host, tenant_id FROM tenant_hosts ORDER BY host"))
            .ToLookup(h => h.TenantId, h => h.Host);
        return rows.Select(r => r.ToTenant(hosts[r.Id].ToList())).ToList();
    }

    public async Task<Tenant?> FindAsync(string slug, CancellationToken cancellationToken = default) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(t => t.Slug == slug);

    /// <summary>Creates the tenant, its host names and its vertical categories in one transaction.</summary>
    public async Task<Tenant> CreateAsync(NewTenant tenant, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var now = time.GetUtcNow();
        var id = await connection.ExecuteScalarAsync<long>(
            $"""
            INSERT INTO tenants (slug, name, default_currency, verticals, branding, created_at, updated_at)
            VALUES (@Slug, @Name, @DefaultCurrency, {database.Json("@Verticals")}, {database.Json("@Branding")}, @Now, @Now)
            RETURNING id
            """,
            new
            {
                tenant.Slug,
                tenant.Name,
                tenant.DefaultCurrency,
                Verticals = JsonSerializer.Serialize(tenant.Verticals),
                Branding = JsonSerializer.Serialize(tenant.Branding),
                Now = now,
            },
            transaction);
        await ReplaceHostsAsync(connection, transaction, id, tenant.Hosts);
        await Setup.AddAsync(connection, transaction, id, tenant.Verticals);

        await transaction.CommitAsync(cancellationToken);
        return new Tenant(id, tenant.Slug, tenant.Name, tenant.DefaultCurrency, tenant.Verticals, tenant.Branding, tenant.Hosts);
    }

    /// <summary>Saves name, currency, branding and host names. Verticals can be added, never removed (listings depend on them).</summary>
    public async Task UpdateAsync(Tenant tenant, CancellationToken cancellationToken = default)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(
            $"""
            UPDATE tenants SET name = @Name, default_currency = @DefaultCurrency, verticals = {database.Json("@Verticals")},
                branding = {database.Json("@Branding")}, seller_approval = @SellerApproval, updated_at = @Now
            WHERE id = @Id
            """,
            new
            {
                tenant.Id,
                tenant.Name,
                tenant.DefaultCurrency,
                Verticals = JsonSerializer.Serialize(tenant.Verticals),
                Branding = JsonSerializer.Serialize(tenant.Branding),
                tenant.SellerApproval,
                Now = time.GetUtcNow(),
            },
            transaction);
        await ReplaceHostsAsync(connection, transaction, tenant.Id, tenant.Hosts);
        await Setup.AddAsync(connection, transaction, tenant.Id, tenant.Verticals);

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Host names already taken by another tenant.</summary>
    public async Task<IReadOnlyList<string>> HostsTakenAsync(IEnumerable<string> hosts, long? exceptTenantId, CancellationToken cancellationToken = default)
    {
        var tenants = await ListAsync(cancellationToken);
        var wanted = hosts.ToHashSet(StringComparer.Ordinal);
        return tenants.Where(t => t.Id != exceptTenantId).SelectMany(t => t.Hosts).Where(wanted.Contains).ToList();
    }

    private static async Task ReplaceHostsAsync(DbConnection connection, DbTransaction transaction, long tenantId, IEnumerable<string> hosts)
    {
        await connection.ExecuteAsync("DELETE FROM tenant_hosts WHERE tenant_id = @tenantId", new { tenantId }, transaction);
        foreach (var host in hosts.Distinct(StringComparer.Ordinal))
        {
            await connection.ExecuteAsync(
                "INSERT INTO tenant_hosts (host, tenant_id) VALUES (@host, @tenantId)", new { host, tenantId }, transaction);
        }
    }

    private sealed record TenantRow(long Id, string Slug, string Name, string DefaultCurrency, string Verticals, string Branding, long SellerApproval)
    {
        public Tenant ToTenant(IReadOnlyList<string> hosts) => new(
            Id,
            Slug,
            Name,
            DefaultCurrency,
            JsonSerializer.Deserialize<List<string>>(Verticals) ?? [],
            JsonSerializer.Deserialize<TenantBranding>(Branding) ?? TenantBranding.Default,
            hosts)
        {
            SellerApproval = SellerApproval != 0,
        };
    }
}

using System.Data.Common;
using System.Globalization;
using Dapper;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Sellers;

/// <summary>A seller as the administrators' list shows it, with its number of listings.</summary>
internal sealed record SellerWithCount(Seller Seller, long Listings);

/// <summary>What the administration pages read about a marketplace's sellers.</summary>
internal static class SellerAdminQueries
{
    public static async Task<(long Pending, long Suspended)> StatusCountsAsync(DbConnection connection, long tenantId) =>
        await connection.QuerySingleAsync<(long, long)>(
            "SELECT COUNT(CASE WHEN status = 'pending' THEN 1 END), COUNT(CASE WHEN status = 'suspended' THEN 1 END) FROM sellers WHERE tenant_id = @tenantId",
            new { tenantId });

    /// <summary>Pending first, then suspended, then the newest; <paramref name="text"/> matches name, external id or the id.</summary>
    public static async Task<List<SellerWithCount>> ListAsync(DbConnection connection, long tenantId, string? status, string? text, int limit)
    {
        var pattern = string.IsNullOrWhiteSpace(text) ? null : $"%{text.Trim().Replace("%", "", StringComparison.Ordinal)}%";
        var rows = await connection.QueryAsync<Row>(
            $"""
            SELECT s.id, s.external_id AS ExternalId, s.name, s.kind, s.status, s.postal_code AS PostalCode, s.country,
                   (SELECT COUNT(*) FROM listings l WHERE l.tenant_id = s.tenant_id AND l.seller_id = s.id) AS Listings
            FROM sellers s WHERE s.tenant_id = @tenantId
            {(status is null ? "" : "AND s.status = @status")}
            {(pattern is null ? "" : "AND (lower(s.name) LIKE lower(@pattern) OR lower(s.external_id) LIKE lower(@pattern) OR s.id = @byId)")}
            ORDER BY CASE s.status WHEN 'pending' THEN 0 WHEN 'suspended' THEN 1 ELSE 2 END, s.id DESC LIMIT @limit
            """,
            new { tenantId, status, pattern, limit, byId = long.TryParse(text, CultureInfo.InvariantCulture, out var id) ? id : -1 });
        return rows.Select(r => new SellerWithCount(new Seller(r.Id, r.ExternalId, r.Name, r.Kind, r.Status, r.PostalCode, r.Country, null, null), r.Listings)).ToList();
    }

    public static async Task<Dictionary<long, string>> NamesAsync(DbConnection connection, Database database, long tenantId, IEnumerable<long> ids) =>
        (await connection.QueryAsync<(long Id, string Name)>(
            $"SELECT id, name FROM sellers WHERE tenant_id = @tenantId AND {database.In("id", "@ids")}",
            new { tenantId, ids = ids.Distinct().ToArray() })).ToDictionary(s => s.Id, s => s.Name);

    private sealed class Row
    {
        public long Id { get; set; }

        public string ExternalId { get; set; } = "";

        public string Name { get; set; } = "";

        public string Kind { get; set; } = "";

        public string Status { get; set; } = "";

        public string? PostalCode { get; set; }

        public string? Country { get; set; }

        public long Listings { get; set; }
    }
}

using System.Data.Common;
using Dapper;

namespace Mercato.Server.Sellers;

/// <summary>A lead as the dashboard lists it (settable properties: Dapper maps SQLite's text times through its type handler).</summary>
public sealed class LeadView
{
    public long Id { get; set; }

    public long ListingId { get; set; }

    public string? ListingTitle { get; set; }

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";

    public string? Phone { get; set; }

    public string Message { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A shopper's message to the seller of a listing: written by the listing page's contact form, read by the seller's dashboard.</summary>
internal static class LeadStore
{
    public sealed record NewLead(long ListingId, long SellerId, string Name, string Email, string? Phone, string Message);

    public static Task InsertAsync(DbConnection connection, long tenantId, NewLead lead, DateTimeOffset now) =>
        connection.ExecuteAsync(
            """
            INSERT INTO leads (tenant_id, listing_id, seller_id, name, email, phone, message, status, created_at)
            VALUES (@TenantId, @ListingId, @SellerId, @Name, @Email, @Phone, @Message, 'new', @now)
            """,
            new { TenantId = tenantId, lead.ListingId, lead.SellerId, lead.Name, lead.Email, lead.Phone, lead.Message, now });

    /// <summary>The seller's newest leads, each with the title of its listing while the listing exists.</summary>
    public static async Task<IReadOnlyList<LeadView>> NewestAsync(DbConnection connection, long tenantId, long sellerId, int limit) =>
        (await connection.QueryAsync<LeadView>(
            """
            SELECT d.id, d.listing_id AS ListingId, l.title AS ListingTitle, d.name, d.email, d.phone, d.message, d.created_at AS CreatedAt
            FROM leads d LEFT JOIN listings l ON l.id = d.listing_id AND l.tenant_id = d.tenant_id
            WHERE d.tenant_id = @TenantId AND d.seller_id = @SellerId ORDER BY d.id DESC LIMIT @limit
            """,
            new { TenantId = tenantId, SellerId = sellerId, limit })).AsList();
}

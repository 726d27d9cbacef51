using System.Data.Common;
using Dapper;
using Mercato.Server.Catalog;
using Mercato.Server.Infrastructure;
using Mercato.Server.Sellers;

namespace Mercato.Server.Moderation;

/// <summary>One moderation decision, kept for the record (settable properties: Dapper maps SQLite's text times through its type handler).</summary>
public sealed class ModerationEvent
{
    public long Id { get; set; }

    /// <summary><c>listing</c> or <c>seller</c>.</summary>
    public string Subject { get; set; } = "";

    public long SubjectId { get; set; }

    /// <summary><c>hide</c>, <c>unhide</c>, <c>approve</c>, <c>suspend</c> or <c>reinstate</c>.</summary>
    public string Action { get; set; } = "";

    public string? Reason { get; set; }

    public string Actor { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>What an administrator may do to a seller, and the status it leads to.</summary>
internal static class SellerAction
{
    public const string Approve = "approve";
    public const string Suspend = "suspend";
    public const string Reinstate = "reinstate";

    public static readonly IReadOnlyList<string> All = [Approve, Suspend, Reinstate];

    public static string? TargetStatus(string action) => action switch
    {
        Approve or Reinstate => SellerStatus.Active,
        Suspend => SellerStatus.Suspended,
        _ => null,
    };

    /// <summary>The actions that make sense for a seller in <paramref name="status"/>.</summary>
    public static IReadOnlyList<string> For(string status) => status switch
    {
        SellerStatus.Pending => [Approve, Suspend],
        SellerStatus.Suspended => [Reinstate],
        _ => [Suspend],
    };
}

/// <summary>
/// Listing moderation (hide and unhide with a reason) and seller standing (approve, suspend, reinstate). Every decision
/// is recorded in <c>moderation_events</c> and appended to the listing change log in the same transaction, so search and
/// every node's index follow it like any other listing write.
/// </summary>
internal sealed class ModerationStore(Database database, ChangeLog changeLog, TimeProvider time)
{
    public const int MaxReasonLength = 500;

    public static string? CheckReason(string? reason, bool required) =>
        reason is { Length: > MaxReasonLength } ? $"must be at most {MaxReasonLength} characters"
        : required && string.IsNullOrWhiteSpace(reason) ? "give a reason; the seller sees it"
        : null;

    /// <summary>Hides a listing from shoppers (or changes the reason of a hidden one); false when the tenant has no such listing.</summary>
    public async Task<bool> HideListingAsync(long tenantId, long listingId, string reason, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var version = await VersionOfAsync(connection, transaction, tenantId, listingId);
        if (version is null)
        {
            return false;
        }

        var now = time.GetUtcNow();
        await connection.ExecuteAsync(
            """
            INSERT INTO listing_holds (listing_id, tenant_id, reason, hidden_by, hidden_at) VALUES (@listingId, @tenantId, @reason, @actor, @now)
            ON CONFLICT (listing_id) DO UPDATE SET reason = excluded.reason, hidden_by = excluded.hidden_by, hidden_at = excluded.hidden_at
            """,
            new { listingId, tenantId, reason = reason.Trim(), actor, now },
            transaction);
        await RecordAsync(connection, transaction, tenantId, "listing", listingId, "hide", reason.Trim(), actor);
        await changeLog.AppendAsync(connection, transaction, tenantId, listingId, version.Value, ChangeKind.Upsert);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>Shows a hidden listing again; false when the tenant has no such listing. Unhiding a visible listing changes nothing.</summary>
    public async Task<bool> UnhideListingAsync(long tenantId, long listingId, string? reason, string actor, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var version = await VersionOfAsync(connection, transaction, tenantId, listingId);
        if (version is null)
        {
            return false;
        }

        var removed = await connection.ExecuteAsync(
            "DELETE FROM listing_holds WHERE tenant_id = @tenantId AND listing_id = @listingId", new { tenantId, listingId }, transaction);
        if (removed > 0)
        {
            await RecordAsync(connection, transaction, tenantId, "listing", listingId, "unhide", string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), actor);
            await changeLog.AppendAsync(connection, transaction, tenantId, listingId, version.Value, ChangeKind.Upsert);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Applies <paramref name="action"/> to a seller and re-announces all its listings to search. Null when the tenant has no
    /// such seller; the seller unchanged when the action does not change its status.
    /// </summary>
    public async Task<Seller?> ActOnSellerAsync(long tenantId, long sellerId, string action, string? reason, string actor, CancellationToken cancellationToken)
    {
        var status = SellerAction.TargetStatus(action) ?? throw new ArgumentException($"unknown action '{action}'", nameof(action));
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var seller = await SellerStore.FindAsync(connection, transaction, tenantId, sellerId);
        if (seller is null || seller.Status == status)
        {
            return seller;
        }

        await connection.ExecuteAsync(
            "UPDATE sellers SET status = @status, updated_at = @now WHERE tenant_id = @tenantId AND id = @sellerId",
            new { status, now = time.GetUtcNow(), tenantId, sellerId },
            transaction);
        await RecordAsync(connection, transaction, tenantId, "seller", sellerId, action, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), actor);
        await changeLog.AppendSellerAsync(connection, transaction, tenantId, sellerId);
        await transaction.CommitAsync(cancellationToken);
        return seller with { Status = status };
    }

    /// <summary>The newest decisions, optionally about one subject.</summary>
    public async Task<IReadOnlyList<ModerationEvent>> EventsAsync(long tenantId, string? subject, long? subjectId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var filter = (subject is null ? "" : " AND subject = @subject") + (subjectId is null ? "" : " AND subject_id = @subjectId");
        return (await connection.QueryAsync<ModerationEvent>(
            $"""
            SELECT id, subject, subject_id AS SubjectId, action, reason, actor, created_at AS CreatedAt
            FROM moderation_events WHERE tenant_id = @tenantId{filter} ORDER BY id DESC LIMIT @limit
            """,
            new { tenantId, subject, subjectId, limit })).ToList();
    }

    private static Task<int?> VersionOfAsync(DbConnection connection, DbTransaction transaction, long tenantId, long listingId) =>
        connection.QuerySingleOrDefaultAsync<int?>(
            "SELECT version FROM listings WHERE tenant_id = @tenantId AND id = @listingId", new { tenantId, listingId }, transaction);

    private Task<int> RecordAsync(DbConnection connection, DbTransaction transaction, long tenantId, string subject, long subjectId, string action, string? reason, string actor) =>
        connection.ExecuteAsync(
            """
            INSERT INTO moderation_events (tenant_id, subject, subject_id, action, reason, actor, created_at)
            VALUES (@tenantId, @subject, @subjectId, @action, @reason, @actor, @now)
            """,
            new { tenantId, subject, subjectId, action, reason, actor, now = time.GetUtcNow() },
            transaction);
}

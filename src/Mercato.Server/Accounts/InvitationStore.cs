using System.Data.Common;
using Dapper;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Accounts;

/// <summary>A pending invitation to join a seller (settable properties: Dapper maps SQLite's text times through its type handler).</summary>
public sealed class InvitationView
{
    public long Id { get; set; }

    public long SellerId { get; set; }

    public string SellerName { get; set; } = "";

    public string Email { get; set; } = "";

    public string Role { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>A person on a seller's team.</summary>
public sealed record MemberView(long UserId, string Name, string Email, string Role);

/// <summary>
/// Seller teams: owners invite colleagues by e-mail (a single-use link valid for <see cref="Lifetime"/>), and remove them.
/// Only the hash of an invitation's token is stored; a seller always keeps at least one owner.
/// </summary>
internal sealed class InvitationStore(Database database, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>Records the invitation and returns the token for the link; an open invitation to the same address is replaced.</summary>
    public async Task<string> CreateAsync(DbConnection connection, DbTransaction transaction, long tenantId, long sellerId, string email, string role, long? invitedBy)
    {
        var now = time.GetUtcNow();
        var normalized = UserStore.Normalise(email);
        await connection.ExecuteAsync(
            """
            UPDATE invitations SET revoked_at = @now
            WHERE tenant_id = @tenantId AND seller_id = @sellerId AND email_normalized = @normalized AND accepted_at IS NULL AND revoked_at IS NULL
            """,
            new { now, tenantId, sellerId, normalized },
            transaction);
        var token = Secrets.NewToken();
        await connection.ExecuteAsync(
            """
            INSERT INTO invitations (tenant_id, seller_id, email, email_normalized, role, token_hash, invited_by, created_at, expires_at)
            VALUES (@tenantId, @sellerId, @email, @normalized, @role, @hash, @invitedBy, @now, @expires)
            """,
            new { tenantId, sellerId, email = email.Trim(), normalized, role, hash = Secrets.Hash(token), invitedBy, now, expires = now + Lifetime },
            transaction);
        return token;
    }

    public async Task<IReadOnlyList<InvitationView>> OpenAsync(long tenantId, long sellerId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<InvitationView>(
            $"{SelectOpen} AND i.seller_id = @sellerId ORDER BY i.id DESC",
            new { tenantId, sellerId, now = time.GetUtcNow() })).ToList();
    }

    /// <summary>The open invitation a link's token stands for, or null when it is unknown, used, revoked or expired.</summary>
    public static async Task<InvitationView?> FindAsync(DbConnection connection, DbTransaction? transaction, long tenantId, string? token, DateTimeOffset now) =>
        string.IsNullOrEmpty(token) || token.Length > 200
            ? null
            : await connection.QuerySingleOrDefaultAsync<InvitationView>(
                $"{SelectOpen} AND i.token_hash = @hash", new { tenantId, hash = Secrets.Hash(token), now }, transaction);

    public async Task<bool> RevokeAsync(long tenantId, long sellerId, long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteAsync(
            "UPDATE invitations SET revoked_at = @now WHERE tenant_id = @tenantId AND seller_id = @sellerId AND id = @id AND accepted_at IS NULL AND revoked_at IS NULL",
            new { now = time.GetUtcNow(), tenantId, sellerId, id }) > 0;
    }

    /// <summary>Makes the user a member (or changes their role) and uses up the invitation.</summary>
    public async Task AcceptAsync(DbConnection connection, DbTransaction transaction, long tenantId, InvitationView invitation, long userId)
    {
        await connection.ExecuteAsync(
            """
            INSERT INTO memberships (tenant_id, user_id, seller_id, role) VALUES (@tenantId, @userId, @SellerId, @Role)
            ON CONFLICT (user_id, seller_id) DO UPDATE SET role = excluded.role
            """,
            new { tenantId, userId, invitation.SellerId, invitation.Role },
            transaction);
        await connection.ExecuteAsync(
            "UPDATE invitations SET accepted_at = @now WHERE id = @Id", new { now = time.GetUtcNow(), invitation.Id }, transaction);
    }

    public async Task<IReadOnlyList<MemberView>> MembersAsync(long tenantId, long sellerId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return (await connection.QueryAsync<(long UserId, string Name, string Email, string Role)>(
            """
            SELECT u.id, u.name, u.email, m.role FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.tenant_id = @tenantId AND m.seller_id = @sellerId ORDER BY m.role, u.name
            """,
            new { tenantId, sellerId })).Select(m => new MemberView(m.UserId, m.Name, m.Email, m.Role)).ToList();
    }

    /// <summary>Removes a member; refuses (returning an explanation) to remove the last owner.</summary>
    public async Task<(bool Removed, string? Refusal)> RemoveMemberAsync(long tenantId, long sellerId, long userId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var role = await connection.QuerySingleOrDefaultAsync<string?>(
            "SELECT role FROM memberships WHERE tenant_id = @tenantId AND seller_id = @sellerId AND user_id = @userId", new { tenantId, sellerId, userId }, transaction);
        if (role is null)
        {
            return (false, null);
        }

        if (role == Membership.Owner && await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM memberships WHERE tenant_id = @tenantId AND seller_id = @sellerId AND role = 'owner'", new { tenantId, sellerId }, transaction) <= 1)
        {
            return (false, "A seller needs at least one owner; make someone else an owner first.");
        }

        await connection.ExecuteAsync(
            "DELETE FROM memberships WHERE tenant_id = @tenantId AND seller_id = @sellerId AND user_id = @userId", new { tenantId, sellerId, userId }, transaction);
        await transaction.CommitAsync(cancellationToken);
        return (true, null);
    }

    private const string SelectOpen =
        """
        SELECT i.id, i.seller_id AS SellerId, s.name AS SellerName, i.email, i.role, i.expires_at AS ExpiresAt
        FROM invitations i JOIN sellers s ON s.id = i.seller_id
        WHERE i.tenant_id = @tenantId AND i.accepted_at IS NULL AND i.revoked_at IS NULL AND i.expires_at > @now
        """;
}

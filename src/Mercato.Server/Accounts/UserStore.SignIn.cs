using Dapper;
using Mercato.Server.Infrastructure;
using Microsoft.AspNetCore.Identity;

namespace Mercato.Server.Accounts;

internal sealed partial class UserStore
{
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    // Verified against when no account uses the address, so an unknown address costs the same PBKDF2 work as a known one.
    private string? _dummyHash;

    /// <summary>
    /// Checks a password without holding a write transaction: the reads and the hash run on a plain connection, and only
    /// the bookkeeping (a failure counted, a rehash, the failures cleared) is written afterwards in a short transaction.
    /// Failures are counted per address in <c>sign_in_failures</c> whether or not an account uses it, so the slow-down
    /// and the lockout answer the same for unknown addresses as for existing ones.
    /// </summary>
    public async Task<SignInResult> SignInAsync(long tenantId, string email, string password, CancellationToken cancellationToken)
    {
        var normalized = Normalise(email);
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(
            "SELECT id, email, name, role, password_hash AS PasswordHash FROM users WHERE tenant_id = @tenantId AND email_normalized = @normalized",
            new { tenantId, normalized });
        var failed = await connection.QuerySingleOrDefaultAsync<FailureRow>(
            "SELECT failed_count AS Count, window_start AS Start FROM sign_in_failures WHERE tenant_id = @tenantId AND email_normalized = @normalized",
            new { tenantId, normalized });

        var now = time.GetUtcNow();
        var failures = failed is not null && now - failed.Start < Window ? failed.Count : 0;
        if (failures >= options.Value.MaxFailedSignInsPerHour)
        {
            return new SignInResult(SignInOutcome.LockedOut, null, [], TimeSpan.Zero, failed!.Start + Window);
        }

        var delay = failures >= options.Value.SlowDownAfter
            ? TimeSpan.FromMilliseconds(Math.Min(5_000, 250 * (failures - options.Value.SlowDownAfter + 1)))
            : TimeSpan.Zero;
        var verdict = await HashingAsync(
            () => _hasher.VerifyHashedPassword(null!, row?.PasswordHash ?? (_dummyHash ??= _hasher.HashPassword(null!, Guid.NewGuid().ToString())), password),
            cancellationToken);
        if (row is null || verdict == PasswordVerificationResult.Failed)
        {
            await CountFailureAsync(connection, tenantId, normalized, now, cancellationToken);
            return new SignInResult(SignInOutcome.Invalid, null, [], delay, null);
        }

        // Hashed before the transaction, for the same reason as the check itself.
        var rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? await HashPasswordAsync(password, cancellationToken) : null;
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        if (rehash is not null)
        {
            // Only if the password did not change meanwhile.
            await connection.ExecuteAsync(
                "UPDATE users SET password_hash = @rehash WHERE id = @Id AND password_hash = @PasswordHash", new { rehash, row.Id, row.PasswordHash }, transaction);
        }

        if (failed is not null)
        {
            await connection.ExecuteAsync(
                "DELETE FROM sign_in_failures WHERE tenant_id = @tenantId AND email_normalized = @normalized", new { tenantId, normalized }, transaction);
        }

        var memberships = await MembershipsOfAsync(connection, transaction, tenantId, row.Id);
        await transaction.CommitAsync(cancellationToken);
        return new SignInResult(SignInOutcome.Success, new User(row.Id, row.Email, row.Name, row.Role), memberships, delay, null);
    }

    /// <summary>A new password lifts the lockout of its account.</summary>
    public static Task ClearFailuresAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long tenantId, long userId) =>
        connection.ExecuteAsync(
            "DELETE FROM sign_in_failures WHERE tenant_id = @tenantId AND email_normalized = (SELECT email_normalized FROM users WHERE id = @userId)",
            new { tenantId, userId },
            transaction);

    /// <summary>One statement, so concurrent failures all count; a window older than an hour starts over.</summary>
    private static async Task CountFailureAsync(System.Data.Common.DbConnection connection, long tenantId, string normalized, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        await connection.ExecuteAsync(
            """
            INSERT INTO sign_in_failures (tenant_id, email_normalized, failed_count, window_start) VALUES (@tenantId, @normalized, 1, @now)
            ON CONFLICT (tenant_id, email_normalized) DO UPDATE SET
                failed_count = CASE WHEN sign_in_failures.window_start <= @expired THEN 1 ELSE sign_in_failures.failed_count + 1 END,
                window_start = CASE WHEN sign_in_failures.window_start <= @expired THEN @now ELSE sign_in_failures.window_start END
            """,
            new { tenantId, normalized, now, expired = now - Window },
            transaction);
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed class FailureRow
    {
        public int Count { get; set; }

        public DateTimeOffset Start { get; set; }
    }
}

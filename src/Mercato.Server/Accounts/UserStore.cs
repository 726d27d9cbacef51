using System.Data.Common;
using System.Net.Mail;
using Dapper;
using Mercato.Server.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Accounts;

/// <summary>A person who signs in to one marketplace.</summary>
internal sealed record User(long Id, string Email, string Name, string Role);

internal enum SignInOutcome
{
    Success,
    Invalid,
    LockedOut,
}

/// <summary>A seller a user belongs to, as <c>owner</c> or <c>staff</c>.</summary>
internal sealed record Membership(long SellerId, string Role)
{
    public const string Owner = "owner";
    public const string Staff = "staff";

    public static readonly IReadOnlyList<string> Roles = [Owner, Staff];
}

internal sealed record SignInResult(SignInOutcome Outcome, User? User, IReadOnlyList<Membership> Memberships, TimeSpan Delay, DateTimeOffset? LockedUntil);

/// <summary>
/// Users, their seller memberships and sign-in with throttling (see UserStore.SignIn.cs): after <see cref="AccountsOptions.SlowDownAfter"/> failures
/// within an hour every attempt waits longer, and after <see cref="AccountsOptions.MaxFailedSignInsPerHour"/> the account
/// refuses attempts until the hour is over. Passwords are hashed with Identity's PBKDF2 hasher at raised iterations.
/// </summary>
internal sealed partial class UserStore(Database database, IOptions<AccountsOptions> options, TimeProvider time) : IDisposable
{
    public const int MinPasswordLength = 10;
    private readonly PasswordHasher<User> _hasher = new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = options.Value.PasswordIterations,
    }));

    public static string Normalise(string email) => email.Trim().ToUpperInvariant();

    public static string? CheckEmail(string? email) =>
        email is { Length: > 3 and <= 200 } && MailAddress.TryCreate(email.Trim(), out var address) && address.Address == email.Trim()
            ? null
            : "Enter an e-mail address like name@example.com.";

    public static string? CheckPassword(string? password) =>
        password is { Length: >= MinPasswordLength and <= 200 } ? null : $"Use at least {MinPasswordLength} characters (up to 200).";

    public static async Task<User?> FindByEmailAsync(DbConnection connection, long tenantId, string email, DbTransaction? transaction = null) =>
        await connection.QuerySingleOrDefaultAsync<User>(
            "SELECT id, email, name, role FROM users WHERE tenant_id = @tenantId AND email_normalized = @normalized",
            new { tenantId, normalized = Normalise(email) },
            transaction);

    public static Task AddMembershipAsync(DbConnection connection, DbTransaction transaction, long tenantId, long userId, long sellerId, string role) =>
        connection.ExecuteAsync(
            "INSERT INTO memberships (tenant_id, user_id, seller_id, role) VALUES (@tenantId, @userId, @sellerId, @role)",
            new { tenantId, userId, sellerId, role },
            transaction);

    public static async Task<IReadOnlyList<Membership>> MembershipsOfAsync(DbConnection connection, DbTransaction? transaction, long tenantId, long userId) =>
        (await connection.QueryAsync<(long SellerId, string Role)>(
            "SELECT seller_id, role FROM memberships WHERE tenant_id = @tenantId AND user_id = @userId ORDER BY seller_id", new { tenantId, userId }, transaction))
        .Select(m => new Membership(m.SellerId, m.Role)).ToList();

    // PBKDF2 runs on at most all cores but one, so a flood of sign-ins queues here instead of starving the thread pool
    // and every other request of CPU.
    private readonly SemaphoreSlim _hashing = new(Math.Max(1, Environment.ProcessorCount - 1));

    /// <summary>
    /// The password's hash, computed before any write transaction opens: PBKDF2 takes tens of milliseconds, and SQLite has
    /// one writer, so hashing inside a transaction would make every other write of every tenant wait for it.
    /// </summary>
    public Task<string> HashPasswordAsync(string password, CancellationToken cancellationToken) =>
        HashingAsync(() => _hasher.HashPassword(null!, password), cancellationToken);

    public void Dispose() => _hashing.Dispose();

    private async Task<T> HashingAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        await _hashing.WaitAsync(cancellationToken);
        try
        {
            return work();
        }
        finally
        {
            _hashing.Release();
        }
    }

    public async Task<long> CreateAsync(DbConnection connection, DbTransaction transaction, long tenantId, string email, string name, string passwordHash, string role) =>
        await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO users (tenant_id, email, email_normalized, name, password_hash, role, security_stamp, created_at)
            VALUES (@tenantId, @email, @normalized, @name, @passwordHash, @role, @stamp, @now)
            RETURNING id
            """,
            new
            {
                tenantId,
                email = email.Trim(),
                normalized = Normalise(email),
                name = name.Trim(),
                passwordHash,
                role,
                stamp = Guid.NewGuid().ToString("N"),
                now = time.GetUtcNow(),
            },
            transaction);

    /// <summary>Sets a password hashed with <see cref="HashPasswordAsync"/> and rotates the security stamp; the caller ends the user's sessions.</summary>
    public static Task SetPasswordHashAsync(DbConnection connection, DbTransaction transaction, long userId, string passwordHash) =>
        connection.ExecuteAsync(
            "UPDATE users SET password_hash = @passwordHash, security_stamp = @stamp WHERE id = @userId",
            new { passwordHash, stamp = Guid.NewGuid().ToString("N"), userId },
            transaction);

    public static Task RotateSecurityStampAsync(DbConnection connection, DbTransaction transaction, long userId) =>
        connection.ExecuteAsync("UPDATE users SET security_stamp = @stamp WHERE id = @userId", new { stamp = Guid.NewGuid().ToString("N"), userId }, transaction);

    private sealed class UserRow
    {
        public long Id { get; set; }

        public string Email { get; set; } = "";

        public string Name { get; set; } = "";

        public string Role { get; set; } = "";

        public string PasswordHash { get; set; } = "";
    }
}

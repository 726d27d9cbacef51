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
/// Users, their seller memberships and sign-in with throttling: after <see cref="AccountsOptions.SlowDownAfter"/> failures
/// within an hour every attempt waits longer, and after <see cref="AccountsOptions.MaxFailedSignInsPerHour"/> the account
/// refuses attempts until the hour is over. Passwords are hashed with Identity's PBKDF2 hasher at raised iterations.
/// </summary>
internal sealed class UserStore(Database database, IOptions<AccountsOptions> options, TimeProvider time)
{
    public const int MinPasswordLength = 10;
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly PasswordHasher<User> _hasher = new(Options.Create(new PasswordHasherOptions
    {
        CompatibilityMode = PasswordHasherCompatibilityMode.IdentityV3,
        IterationCount = options.Value.PasswordIterations,
    }));

    private string? _dummyHash;

    public static string Normalise(string email) => email.Trim().ToUpperInvariant();

    public static string? CheckEmail(string? email) =>
        email is { Length: > 3 and <= 200 } && MailAddress.TryCreate(email.Trim(), out var address) && address.Address == email.Trim()
            ? null
            : "Enter an e-mail address like name@example.com.";

    public static string? CheckPassword(string? password) =>
        password is { Length: >= MinPasswordLength and <= 200 } ? null : $"Use at least {MinPasswordLength} characters (up to 200).";

    public static async Task<User?> FindByEmailAsync(DbConnection connection, long tenantId, string email) =>
        await connection.QuerySingleOrDefaultAsync<User>(
            "SELECT id, email, name, role FROM users WHERE tenant_id = @tenantId AND email_normalized = @normalized",
            new { tenantId, normalized = Normalise(email) });

    public async Task<long> CreateAsync(DbConnection connection, DbTransaction transaction, long tenantId, string email, string name, string password, string role) =>
        await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO users (tenant_id, email, email_normalized, name, password_hash, role, failed_count, security_stamp, created_at)
            VALUES (@tenantId, @email, @normalized, @name, @hash, @role, 0, @stamp, @now)
            RETURNING id
            """,
            new
            {
                tenantId,
                email = email.Trim(),
                normalized = Normalise(email),
                name = name.Trim(),
                hash = _hasher.HashPassword(null!, password),
                role,
                stamp = Guid.NewGuid().ToString("N"),
                now = time.GetUtcNow(),
            },
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

    public async Task<SignInResult> SignInAsync(long tenantId, string email, string password, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<UserRow>(
            """
            SELECT id, email, name, role, password_hash AS PasswordHash, failed_count AS FailedCount, failed_window_start AS FailedWindowStart
            FROM users WHERE tenant_id = @tenantId AND email_normalized = @normalized
            """,
            new { tenantId, normalized = Normalise(email) },
            transaction);
        if (row is null)
        {
            // Same work as a real check, so timing does not tell which addresses have accounts.
            _hasher.VerifyHashedPassword(null!, _dummyHash ??= _hasher.HashPassword(null!, Guid.NewGuid().ToString()), password);
            return new SignInResult(SignInOutcome.Invalid, null, [], TimeSpan.Zero, null);
        }

        var now = time.GetUtcNow();
        var windowStart = row.FailedWindowStart is { } start && now - start < Window ? start : (DateTimeOffset?)null;
        var failures = windowStart is null ? 0 : row.FailedCount;
        if (failures >= options.Value.MaxFailedSignInsPerHour)
        {
            return new SignInResult(SignInOutcome.LockedOut, null, [], TimeSpan.Zero, windowStart!.Value + Window);
        }

        var delay = failures >= options.Value.SlowDownAfter
            ? TimeSpan.FromMilliseconds(Math.Min(5_000, 250 * (failures - options.Value.SlowDownAfter + 1)))
            : TimeSpan.Zero;
        var verdict = _hasher.VerifyHashedPassword(null!, row.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            await connection.ExecuteAsync(
                "UPDATE users SET failed_count = @count, failed_window_start = @start WHERE id = @Id",
                new { count = failures + 1, start = windowStart ?? now, row.Id },
                transaction);
            await transaction.CommitAsync(cancellationToken);
            return new SignInResult(SignInOutcome.Invalid, null, [], delay, null);
        }

        var rehash = verdict == PasswordVerificationResult.SuccessRehashNeeded ? _hasher.HashPassword(null!, password) : row.PasswordHash;
        await connection.ExecuteAsync(
            "UPDATE users SET failed_count = 0, failed_window_start = NULL, password_hash = @rehash WHERE id = @Id", new { rehash, row.Id }, transaction);
        var memberships = await MembershipsOfAsync(connection, transaction, tenantId, row.Id);
        await transaction.CommitAsync(cancellationToken);
        return new SignInResult(SignInOutcome.Success, new User(row.Id, row.Email, row.Name, row.Role), memberships, delay, null);
    }

    public async Task SetPasswordAsync(DbConnection connection, DbTransaction transaction, long userId, string password) =>
        await connection.ExecuteAsync(
            "UPDATE users SET password_hash = @hash, failed_count = 0, failed_window_start = NULL, security_stamp = @stamp WHERE id = @userId",
            new { hash = _hasher.HashPassword(null!, password), stamp = Guid.NewGuid().ToString("N"), userId },
            transaction);


    private sealed class UserRow
    {
        public long Id { get; set; }

        public string Email { get; set; } = "";

        public string Name { get; set; } = "";

        public string Role { get; set; } = "";

        public string PasswordHash { get; set; } = "";

        public int FailedCount { get; set; }

        public DateTimeOffset? FailedWindowStart { get; set; }
    }
}

using System.ComponentModel.DataAnnotations;

namespace Mercato.Server.Accounts;

internal sealed class AccountsOptions
{
    public const string Section = "Mercato:Accounts";

    /// <summary>
    /// The platform administrator's API token (<c>Authorization: Bearer …</c>). When empty, a random one is made on
    /// first start and kept in the SQLite data folder as <c>admin-token</c>.
    /// </summary>
    public string? AdminToken { get; set; }

    /// <summary>PBKDF2-HMAC-SHA512 iterations of Identity's password hasher; OWASP's floor for SHA-512 is 210,000.</summary>
    [Range(210_000, 10_000_000)]
    public int PasswordIterations { get; set; } = 210_000;

    [Range(5, 24 * 60)]
    public int IdleTimeoutMinutes { get; set; } = 120;

    [Range(1, 24 * 90)]
    public int AbsoluteTimeoutHours { get; set; } = 24 * 7;

    /// <summary>Failed sign-ins per account per hour before the account refuses further attempts until the hour is over.</summary>
    [Range(5, 1000)]
    public int MaxFailedSignInsPerHour { get; set; } = 100;

    /// <summary>After this many failures within the hour each further attempt is slowed down.</summary>
    [Range(1, 100)]
    public int SlowDownAfter { get; set; } = 5;

    /// <summary>A new demo database gets sign-in accounts to try the dashboard with (see README).</summary>
    public bool DemoAccounts { get; set; } = true;
}

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

    /// <summary>
    /// Posts per client IP address (IPv6: per /64) per minute to each public form: sign-in, sign-up, password reset,
    /// invitations and the contact form. Counted on each node (a flood is stopped where it lands).
    /// </summary>
    [Range(1, 1_000_000)]
    public int FormPostsPerIpPerMinute { get; set; } = 20;

    /// <summary>Sign-in attempts naming one e-mail address per hour, on top of the per-account lockout.</summary>
    [Range(1, 100_000)]
    public int SignInsPerAddressPerHour { get; set; } = 30;

    /// <summary>Posts that would e-mail one address per hour: reset links, sign-up mails, team invitations.</summary>
    [Range(1, 10_000)]
    public int MailsPerAddressPerHour { get; set; } = 5;

    /// <summary>Contact-form messages (leads) per listing per hour.</summary>
    [Range(1, 100_000)]
    public int LeadsPerListingPerHour { get; set; } = 30;

    /// <summary>A new demo database gets sign-in accounts to try the dashboard with (see README).</summary>
    public bool DemoAccounts { get; set; } = true;
}

using Mercato.Server.Infrastructure;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Accounts;

/// <summary>The platform admin token: configured, or made once and kept in the SQLite data folder.</summary>
internal sealed class AdminToken
{
    public AdminToken(IOptions<AccountsOptions> options, DatabaseOptions database, ILogger<AdminToken> logger)
    {
        if (!string.IsNullOrWhiteSpace(options.Value.AdminToken))
        {
            Value = options.Value.AdminToken;
            return;
        }

        if (!string.IsNullOrWhiteSpace(database.ConnectionString))
        {
            // No file to keep it in on PostgreSQL: the operator configures one; until then admin API calls are refused.
            Value = null;
            AccountsLog.NoAdminToken(logger);
            return;
        }

        var file = Path.Combine(Path.GetFullPath(database.DataDir), "admin-token");
        if (!File.Exists(file))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, Secrets.NewToken("adm_"));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        Value = File.ReadAllText(file).Trim();
        AccountsLog.AdminTokenFile(logger, file);
    }

    public string? Value { get; }

    public bool Matches(string presented) => Value is not null && Secrets.FixedTimeEquals(presented, Value);
}

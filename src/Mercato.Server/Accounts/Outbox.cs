using System.Data.Common;
using Dapper;

namespace Mercato.Server.Accounts;

/// <summary>
/// Outgoing e-mail is written to the outbox in the caller's transaction, so a mail exists exactly when its cause
/// committed. In Development it is also written to the log; the outbox page shows it to administrators.
/// </summary>
internal sealed class Outbox(TimeProvider time, IHostEnvironment environment, ILogger<Outbox> logger)
{
    public async Task SendAsync(DbConnection connection, DbTransaction transaction, long tenantId, string recipient, string subject, string body)
    {
        await connection.ExecuteAsync(
            "INSERT INTO outbox_emails (tenant_id, recipient, subject, body, created_at) VALUES (@tenantId, @recipient, @subject, @body, @now)",
            new { tenantId, recipient, subject, body, now = time.GetUtcNow() },
            transaction);
        if (environment.IsDevelopment())
        {
            AccountsLog.Email(logger, recipient, subject, body);
        }
    }
}

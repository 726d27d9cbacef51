using System.Data.Common;
using Dapper;
using Mercato.Server.Jobs;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Accounts;

/// <summary>
/// Outgoing e-mail is written to the outbox in the caller's transaction, so a mail exists exactly when its cause
/// committed. With an SMTP server configured (<see cref="MailOptions"/>) the same transaction enqueues a
/// <c>mail.send</c> job that delivers it, with the job system's retries; otherwise, and always in Development, the mail
/// is written to the log.
/// </summary>
internal sealed class Outbox(TimeProvider time, IHostEnvironment environment, IOptions<MailOptions> options, JobClient jobs, ILogger<Outbox> logger)
{
    public async Task SendAsync(DbConnection connection, DbTransaction transaction, long tenantId, string recipient, string subject, string body)
    {
        var id = await connection.ExecuteScalarAsync<long>(
            "INSERT INTO outbox_emails (tenant_id, recipient, subject, body, created_at) VALUES (@tenantId, @recipient, @subject, @body, @now) RETURNING id",
            new { tenantId, recipient, subject, body, now = time.GetUtcNow() },
            transaction);
        if (options.Value.SmtpConfigured)
        {
            await jobs.EnqueueAsync(connection, transaction, new JobRequest(MailSendJob.Kind, $$"""{"outboxId":{{id}}}""") { TenantId = tenantId });
        }

        if (environment.IsDevelopment() || !options.Value.SmtpConfigured)
        {
            AccountsLog.Email(logger, recipient, subject, body);
        }
    }
}

using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Net.Mail;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Accounts;

/// <summary>Where outgoing e-mail goes. Without <see cref="SmtpHost"/> mail stays in the outbox and the log.</summary>
internal sealed class MailOptions
{
    public const string Section = "Mercato:Mail";

    /// <summary>The sender address, e.g. <c>no-reply@cars.example.com</c>; the marketplace's name is its display name.</summary>
    [EmailAddress]
    public string From { get; set; } = "no-reply@mercato.invalid";

    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 25;

    /// <summary>STARTTLS before sending (most submission servers on port 587 want it).</summary>
    public bool SmtpTls { get; set; }

    public string? SmtpUserName { get; set; }

    public string? SmtpPassword { get; set; }

    [Range(1, 300)]
    public int SmtpTimeoutSeconds { get; set; } = 30;

    public bool SmtpConfigured => !string.IsNullOrWhiteSpace(SmtpHost);
}

internal sealed record MailSendPayload(long OutboxId);

/// <summary>
/// <c>mail.send</c>: delivers one outbox e-mail over SMTP and marks it sent. A failed delivery throws, so the job system
/// retries with backoff and keeps every attempt's error (see <c>/admin/jobs</c>). A mail already marked sent is not sent
/// again; a crash between delivery and marking can still deliver twice, which SMTP cannot rule out anyway.
/// </summary>
internal sealed class MailSendJob(Database database, IOptions<MailOptions> options, TimeProvider time) : IJobHandler<MailSendPayload>
{
    public const string Kind = "mail.send";

    public async Task HandleAsync(MailSendPayload payload, JobContext context, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var mail = await connection.QuerySingleOrDefaultAsync<(string Recipient, string Subject, string Body, string TenantName)>(
            """
            SELECT o.recipient, o.subject, o.body, t.name
            FROM outbox_emails o JOIN tenants t ON t.id = o.tenant_id WHERE o.id = @OutboxId AND o.sent_at IS NULL
            """,
            new { payload.OutboxId });
        if (mail.Recipient is null)
        {
            return; // deleted with its tenant, or delivered by an earlier attempt
        }

        var settings = options.Value;
        using var message = new MailMessage(new MailAddress(settings.From, mail.TenantName), new MailAddress(mail.Recipient))
        {
            Subject = mail.Subject,
            Body = mail.Body,
            BodyEncoding = System.Text.Encoding.UTF8,
            SubjectEncoding = System.Text.Encoding.UTF8,
        };
        message.Headers.Add("Message-ID", $"<outbox-{payload.OutboxId}@{settings.From.Split('@')[^1]}>");
        using var client = new SmtpClient(settings.SmtpHost, settings.SmtpPort)
        {
            EnableSsl = settings.SmtpTls,
            Timeout = settings.SmtpTimeoutSeconds * 1000,
            DeliveryMethod = SmtpDeliveryMethod.Network,
        };
        if (!string.IsNullOrEmpty(settings.SmtpUserName))
        {
            client.Credentials = new NetworkCredential(settings.SmtpUserName, settings.SmtpPassword);
        }

        await client.SendMailAsync(message, cancellationToken);
        await connection.ExecuteAsync("UPDATE outbox_emails SET sent_at = @now WHERE id = @OutboxId", new { now = time.GetUtcNow(), payload.OutboxId });
    }
}

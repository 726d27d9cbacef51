using System.ComponentModel.DataAnnotations;
using Dapper;
using MailKit.Net.Smtp;
using MailKit.Security;
using Mercato.Server.Infrastructure;
using Mercato.Server.Jobs;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Text;

namespace Mercato.Server.Accounts;

/// <summary>How the SMTP connection is secured.</summary>
internal enum SmtpSecurity
{
    /// <summary>Plain text (a relay on the same host or network).</summary>
    None,

    /// <summary>Upgrade with STARTTLS and refuse to send if the server does not offer it (submission, port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
}

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

    public SmtpSecurity SmtpSecurity { get; set; } = SmtpSecurity.None;

    /// <summary>The earlier spelling of <c>SmtpSecurity: StartTls</c>, still honoured.</summary>
    public bool SmtpTls { get; set; }

    /// <summary>Authenticate with these when set (over TLS unless <see cref="SmtpSecurity"/> is None).</summary>
    public string? SmtpUserName { get; set; }

    public string? SmtpPassword { get; set; }

    /// <summary>Connecting, and each command of the conversation; a server that stops answering fails the attempt after this.</summary>
    [Range(1, 300)]
    public int SmtpTimeoutSeconds { get; set; } = 30;

    public bool SmtpConfigured => !string.IsNullOrWhiteSpace(SmtpHost);
}

internal sealed record MailSendPayload(long OutboxId);

/// <summary>
/// <c>mail.send</c>: delivers one outbox e-mail over SMTP (MailKit) and marks it sent. A failed delivery throws, so the job system
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
        using var message = new MimeMessage();
        message.From.Add(new MailboxAddress(mail.TenantName, settings.From));
        message.To.Add(MailboxAddress.Parse(mail.Recipient));
        message.Subject = mail.Subject;
        message.MessageId = $"outbox-{payload.OutboxId}@{settings.From.Split('@')[^1]}";
        message.Body = new TextPart(TextFormat.Plain) { Text = mail.Body };

        using var client = new SmtpClient { Timeout = settings.SmtpTimeoutSeconds * 1000 };
        // Timeout bounds each read and write; the token bounds the connection as a whole, including a server that never greets.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(settings.SmtpTimeoutSeconds * 3));
        try
        {
            var security = (settings.SmtpTls && settings.SmtpSecurity == SmtpSecurity.None ? SmtpSecurity.StartTls : settings.SmtpSecurity) switch
            {
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(settings.SmtpHost!, settings.SmtpPort, security, deadline.Token);
            if (!string.IsNullOrEmpty(settings.SmtpUserName))
            {
                await client.AuthenticateAsync(settings.SmtpUserName, settings.SmtpPassword ?? "", deadline.Token);
            }

            await client.SendAsync(message, deadline.Token);
            await client.DisconnectAsync(quit: true, deadline.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the SMTP server {settings.SmtpHost}:{settings.SmtpPort} did not answer in time ({settings.SmtpTimeoutSeconds} s per step)", exception);
        }

        await connection.ExecuteAsync("UPDATE outbox_emails SET sent_at = @now WHERE id = @OutboxId", new { now = time.GetUtcNow(), payload.OutboxId });
    }
}

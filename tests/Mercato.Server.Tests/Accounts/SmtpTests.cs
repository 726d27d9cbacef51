using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Accounts;

/// <summary>A server whose outbox goes to real SMTP servers on loopback (<see cref="SmtpServers"/>), with quick job retries.</summary>
public sealed class SmtpFixture : SqliteFixture, IDisposable
{
    private readonly (SmtpServers? Servers, string? Missing) _smtp = SmtpServers.TryStart();

    public SmtpServers Smtp => _smtp.Servers!;

    /// <summary>Skips without python3-aiosmtpd on a developer's machine; fails where the tests are required (CI).</summary>
    public void SkipIfNoSmtp()
    {
        if (_smtp.Missing is { } missing)
        {
            var required = Environment.GetEnvironmentVariable("CI") == "true" || Environment.GetEnvironmentVariable("MERCATO_REQUIRE_BROWSER") is { Length: > 0 };
            Assert.False(required, $"the SMTP tests are required here but {missing}");
            Skip.If(true, missing);
        }
    }

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Mercato:Mail:SmtpHost", "127.0.0.1");
        builder.UseSetting("Mercato:Mail:SmtpPort", (_smtp.Servers?.Port ?? 9).ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Mercato:Mail:SmtpTimeoutSeconds", "1");
        builder.UseSetting("Mercato:Mail:From", "no-reply@cars.example.com");
        builder.UseSetting("Mercato:Jobs:BackoffBase", "00:00:00.200");
        builder.UseSetting("Mercato:Jobs:BackoffMax", "00:00:01");
        builder.UseSetting("Mercato:Jobs:PollInterval", "00:00:00.100");
    }

    public void Dispose() => _smtp.Servers?.DisposeAsync().AsTask().GetAwaiter().GetResult();
}

/// <summary>Sign-up mail through MailKit to aiosmtpd: delivered, refused (550) and hanging servers, each retried with the reason kept.</summary>
public sealed class SmtpTests(SmtpFixture fixture) : IClassFixture<SmtpFixture>
{
    [SkippableFact]
    public async Task Outbox_mail_is_delivered_to_a_real_smtp_server()
    {
        fixture.SkipIfNoSmtp();
        fixture.Smtp.Mode = SmtpMode.Accept;
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        await SignUpAsync(t, "mia@example.com");

        var mail = await DeliveredAsync("mia@example.com");
        mail.ShouldContain("X-Envelope-From: no-reply@cars.example.com");
        mail.ShouldContain($"Subject: Welcome to {t.Tenant.Name}");
        mail.ShouldContain("Message-Id: <outbox-", Case.Insensitive);
        (await SentAtAsync(t, "mia@example.com")).ShouldNotBeNull();
    }

    [SkippableFact]
    public async Task A_refusing_server_fails_the_attempt_with_its_answer_and_a_retry_delivers_later()
    {
        fixture.SkipIfNoSmtp();
        fixture.Smtp.Mode = SmtpMode.Refuse;
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        await SignUpAsync(t, "rex@example.com");

        var error = await JobErrorAsync(t);
        error.ShouldContain("mailbox unavailable");
        (await SentAtAsync(t, "rex@example.com")).ShouldBeNull();

        fixture.Smtp.Mode = SmtpMode.Accept;
        await DeliveredAsync("rex@example.com");
        (await SentAtAsync(t, "rex@example.com")).ShouldNotBeNull();
    }

    [SkippableFact]
    public async Task A_server_that_never_answers_times_out_and_the_job_is_retried_with_the_reason()
    {
        fixture.SkipIfNoSmtp();
        fixture.Smtp.Mode = SmtpMode.Hang;
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        await SignUpAsync(t, "hal@example.com");

        var error = await JobErrorAsync(t);
        error.ShouldContain("did not answer in time");
        (await SentAtAsync(t, "hal@example.com")).ShouldBeNull();

        fixture.Smtp.Mode = SmtpMode.Accept;
        await DeliveredAsync("hal@example.com");
    }

    private async Task SignUpAsync(TenantClient t, string email)
    {
        using var client = fixture.AnonymousClient(t);
        var signup = await client.GetStringAsync("account/signup");
        (await client.PostAsync("account/signup", AccountsTests.Form(signup, new()
        {
            ["name"] = "Mail Test",
            ["email"] = email,
            ["password"] = "correct horse battery",
            ["accountType"] = "shopper",
        }))).IsSuccessStatusCode.ShouldBeTrue();
    }

    private async Task<string> DeliveredAsync(string recipient)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (fixture.Smtp.Messages().FirstOrDefault(m => m.Contains($"X-Envelope-To: {recipient}", StringComparison.Ordinal)) is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"no mail for {recipient} arrived");
    }

    private async Task<string> JobErrorAsync(TenantClient t)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        await using var connection = await fixture.Services.GetRequiredService<Database>().OpenAsync();
        while (DateTime.UtcNow < deadline)
        {
            var error = await connection.ExecuteScalarAsync<string?>(
                "SELECT error FROM job_attempts WHERE job_id = (SELECT id FROM jobs WHERE kind = 'mail.send' AND tenant_id = @Id) AND error IS NOT NULL ORDER BY attempt LIMIT 1",
                new { t.Tenant.Id });
            if (error is not null)
            {
                return error;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the mail job never failed an attempt");
    }

    private async Task<string?> SentAtAsync(TenantClient t, string recipient)
    {
        await using var connection = await fixture.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<string?>(
            "SELECT sent_at FROM outbox_emails WHERE tenant_id = @Id AND recipient = @recipient", new { t.Tenant.Id, recipient });
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Mercato.Server.Tests.Accounts;

/// <summary>
/// A minimal SMTP server on loopback: enough of RFC 5321 for a client to deliver mail. It can refuse the next
/// deliveries with a temporary error, to show that the sender retries.
/// </summary>
public sealed class SmtpEmulator : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _refuse;

    public SmtpEmulator()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public ConcurrentQueue<(string From, string To, string Data)> Received { get; } = new();

    /// <summary>Answers the next <paramref name="count"/> deliveries with "451 try again later".</summary>
    public void RefuseNext(int count) => Volatile.Write(ref _refuse, count);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\r\n", AutoFlush = true };
        await writer.WriteLineAsync("220 emulator ESMTP");
        string from = "", to = "";
        while (await reader.ReadLineAsync(_stop.Token) is { } line)
        {
            var command = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
            switch (command)
            {
                case "EHLO" or "HELO":
                    await writer.WriteLineAsync("250 emulator");
                    break;
                case "MAIL":
                    from = line;
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "RCPT":
                    if (Interlocked.Decrement(ref _refuse) >= 0)
                    {
                        await writer.WriteLineAsync("451 4.3.0 try again later");
                        break;
                    }

                    to = line;
                    await writer.WriteLineAsync("250 OK");
                    break;
                case "DATA":
                    await writer.WriteLineAsync("354 end with <CRLF>.<CRLF>");
                    var data = new StringBuilder();
                    while (await reader.ReadLineAsync(_stop.Token) is { } body && body != ".")
                    {
                        data.AppendLine(body);
                    }

                    Received.Enqueue((from, to, data.ToString()));
                    await writer.WriteLineAsync("250 OK queued");
                    break;
                case "QUIT":
                    await writer.WriteLineAsync("221 bye");
                    return;
                default:
                    await writer.WriteLineAsync("250 OK");
                    break;
            }
        }
    }
}

/// <summary>A server whose outbox is delivered to <see cref="Smtp"/>, with quick job retries.</summary>
public sealed class SmtpFixture : SqliteFixture
{
    public SmtpEmulator Smtp { get; } = new();

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Mercato:Mail:SmtpHost", "127.0.0.1");
        builder.UseSetting("Mercato:Mail:SmtpPort", Smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Mercato:Mail:From", "no-reply@cars.example.com");
        builder.UseSetting("Mercato:Jobs:BackoffBase", "00:00:00.200");
        builder.UseSetting("Mercato:Jobs:PollInterval", "00:00:00.100");
    }
}

public sealed class SmtpTests(SmtpFixture fixture) : IClassFixture<SmtpFixture>
{
    [Fact]
    public async Task Outbox_mail_is_delivered_over_smtp_and_retried_after_a_temporary_refusal()
    {
        using var t = await fixture.CreateTenantAsync(asAdmin: false);
        fixture.Smtp.RefuseNext(1);
        using var browser = fixture.AnonymousClient(t);
        var signup = await browser.GetStringAsync("account/signup");
        await browser.PostAsync("account/signup", AccountsTests.Form(signup, new()
        {
            ["name"] = "Mia Mail",
            ["email"] = "mia@example.com",
            ["password"] = "correct horse battery",
            ["accountType"] = "shopper",
        }));

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline && !fixture.Smtp.Received.Any(m => m.To.Contains("mia@example.com", StringComparison.Ordinal)))
        {
            await Task.Delay(100);
        }

        var mail = fixture.Smtp.Received.Single(m => m.To.Contains("mia@example.com", StringComparison.Ordinal));
        mail.From.ShouldContain("no-reply@cars.example.com");
        mail.Data.ShouldContain($"Welcome to {t.Tenant.Name}");
        BodyOf(mail.Data).ShouldContain($"your account at {t.Tenant.Name} is ready");

        await using var connection = await fixture.Services.GetRequiredService<Database>().OpenAsync();
        var sent = await connection.ExecuteScalarAsync<string?>(
            "SELECT sent_at FROM outbox_emails WHERE tenant_id = @Id AND recipient = 'mia@example.com'", new { t.Tenant.Id });
        sent.ShouldNotBeNull();
        var attempts = await connection.ExecuteScalarAsync<long>(
            "SELECT attempt FROM jobs WHERE kind = 'mail.send' AND tenant_id = @Id", new { t.Tenant.Id });
        attempts.ShouldBe(2); // the first was refused with 451
    }

    /// <summary>The message's text, decoded from the transfer encoding the client chose.</summary>
    private static string BodyOf(string data)
    {
        var split = data.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var at and >= 0 ? at : data.IndexOf("\n\n", StringComparison.Ordinal);
        var (headers, body) = (data[..split], data[split..].Trim());
        return headers.Contains("Content-Transfer-Encoding: base64", StringComparison.OrdinalIgnoreCase)
            ? Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Split('\n').Select(l => l.Trim()))))
            : body;
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Mercato.Server.Tests.Accounts;

/// <summary>
/// Real SMTP servers on loopback (aiosmtpd, started as processes: one that stores what it receives, one that refuses
/// every recipient) behind a switch the server under test connects to. The switch pipes each new connection to the
/// server of the current <see cref="Mode"/>, or accepts it and never answers (<see cref="SmtpMode.Hang"/>).
/// </summary>
public sealed class SmtpServers : IAsyncDisposable
{
    private readonly Process _accepting;
    private readonly Process _refusing;
    private readonly int _acceptPort;
    private readonly int _refusePort;
    private readonly TcpListener _switch = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _held = [];
    private readonly Task _loop;

    private SmtpServers(string python, string folder)
    {
        Folder = folder;
        _acceptPort = FreePort();
        _refusePort = FreePort();
        _accepting = Start(python, "accept", _acceptPort, folder);
        _refusing = Start(python, "refuse", _refusePort, null);
        _switch.Start();
        _loop = SwitchAsync();
    }

    public SmtpMode Mode { get; set; } = SmtpMode.Accept;

    /// <summary>Where the accepting server writes each message it received, one .eml file each.</summary>
    public string Folder { get; }

    public int Port => ((IPEndPoint)_switch.LocalEndpoint).Port;

    /// <summary>The servers, or why they cannot run here (no python3 with aiosmtpd).</summary>
    public static (SmtpServers? Servers, string? Missing) TryStart()
    {
        var python = new[] { "/usr/bin/python3", "python3" }.FirstOrDefault(HasAiosmtpd);
        if (python is null)
        {
            return (null, "python3 with aiosmtpd is not installed (Debian: apt-get install python3-aiosmtpd)");
        }

        var folder = Path.Combine(Path.GetTempPath(), $"mercato-smtp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        return (new SmtpServers(python, folder), null);
    }

    public IEnumerable<string> Messages() => Directory.EnumerateFiles(Folder, "*.eml").Select(File.ReadAllText);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _switch.Stop();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
        lock (_held)
        {
            _held.ForEach(c => c.Dispose());
        }

        foreach (var process in (Process[])[_accepting, _refusing])
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(5000))
            {
                process.Kill();
            }

            process.Dispose();
        }

        Directory.Delete(Folder, recursive: true);
        _stop.Dispose();
    }

    private static bool HasAiosmtpd(string python)
    {
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(python, ["-c", "import aiosmtpd"]) { RedirectStandardError = true })!;
            probe.WaitForExit(10_000);
            return probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static Process Start(string python, string mode, int port, string? folder)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Accounts", "smtp_server.py");
        var info = new ProcessStartInfo(python) { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var arg in (string?[])[script, mode, port.ToString(System.Globalization.CultureInfo.InvariantCulture), folder])
        {
            if (arg is not null)
            {
                info.ArgumentList.Add(arg);
            }
        }

        var process = Process.Start(info)!;
        var ready = process.StandardOutput.ReadLineAsync();
        if (!ready.Wait(TimeSpan.FromSeconds(20)) || ready.Result != "ready")
        {
            process.Kill();
            throw new InvalidOperationException($"the {mode} SMTP server did not start");
        }

        return process;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task SwitchAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _switch.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (Mode == SmtpMode.Hang)
            {
                lock (_held)
                {
                    _held.Add(client); // connected, and never a word
                }

                continue;
            }

            _ = PipeAsync(client, Mode == SmtpMode.Accept ? _acceptPort : _refusePort);
        }
    }

    private async Task PipeAsync(TcpClient client, int port)
    {
        using var _ = client;
        using var upstream = new TcpClient();
        try
        {
            await upstream.ConnectAsync(IPAddress.Loopback, port, _stop.Token);
            using var both = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var up = client.GetStream().CopyToAsync(upstream.GetStream(), both.Token);
            var down = upstream.GetStream().CopyToAsync(client.GetStream(), both.Token);
            await Task.WhenAny(up, down);
            await both.CancelAsync();
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
        {
        }
    }
}

public enum SmtpMode
{
    Accept,
    Refuse,
    Hang,
}

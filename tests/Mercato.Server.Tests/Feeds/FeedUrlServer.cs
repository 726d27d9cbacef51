using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mercato.Server.Tests.Feeds;

/// <summary>
/// A small HTTP/1.1 server on loopback that misbehaves on purpose, one path per behaviour: <c>/ok.csv</c> (a feed),
/// <c>/slow.csv</c> (one byte a second), <c>/steady.csv</c> (fast enough, but endless), <c>/to-file</c> and
/// <c>/to-private</c> (redirects), <c>/error</c> (500), <c>/gate.csv</c> (the feed once <see cref="OpenGate"/> is called).
/// </summary>
public sealed class FeedUrlServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task _accepting;

    public FeedUrlServer(string feed)
    {
        Feed = feed;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public string Feed { get; }

    public ConcurrentDictionary<string, int> Hits { get; } = new(StringComparer.Ordinal);

    public string Url(string path) => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}";

    public void OpenGate() => _gate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                _ = Task.Run(() => ServeAsync(client));
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        var stream = client.GetStream();
        try
        {
            using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
            var requestLine = await reader.ReadLineAsync(_stop.Token) ?? "";
            while (!string.IsNullOrEmpty(await reader.ReadLineAsync(_stop.Token)))
            {
            }

            var path = requestLine.Split(' ') is [_, var target, ..] ? target : "/";
            Hits.AddOrUpdate(path, 1, (_, n) => n + 1);
            var token = _stop.Token;
            switch (path)
            {
                case "/ok.csv":
                    await SendAsync(stream, "200 OK", Feed, token);
                    break;
                case "/gate.csv":
                    await _gate.Task.WaitAsync(token);
                    await SendAsync(stream, "200 OK", Feed, token);
                    break;
                case "/slow.csv":
                    await HeadAsync(stream, "200 OK", "Content-Length: 100000\r\n", token);
                    for (var i = 0; i < 100_000; i++)
                    {
                        await stream.WriteAsync("x"u8.ToArray(), token);
                        await Task.Delay(1000, token);
                    }

                    break;
                case "/steady.csv":
                    await HeadAsync(stream, "200 OK", "Content-Length: 100000000\r\n", token);
                    var chunk = new byte[8192];
                    for (var i = 0; i < 12_000; i++)
                    {
                        await stream.WriteAsync(chunk, token);
                        await Task.Delay(250, token);
                    }

                    break;
                case "/to-file":
                    await HeadAsync(stream, "302 Found", "Location: file:///etc/passwd\r\nContent-Length: 0\r\n", token);
                    break;
                case "/to-private":
                    await HeadAsync(stream, "302 Found", "Location: http://169.254.169.254/latest/meta-data\r\nContent-Length: 0\r\n", token);
                    break;
                default:
                    await SendAsync(stream, "500 Internal Server Error", "boom", token);
                    break;
            }
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException)
        {
            // the client gave up, or the test is over
        }
    }

    private static Task HeadAsync(Stream stream, string status, string headers, CancellationToken token) =>
        stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nConnection: close\r\n{headers}\r\n"), token).AsTask();

    private static async Task SendAsync(Stream stream, string status, string body, CancellationToken token)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        await HeadAsync(stream, status, $"Content-Type: text/csv\r\nContent-Length: {bytes.Length}\r\n", token);
        await stream.WriteAsync(bytes, token);
    }
}

using System.Net;
using System.Net.Sockets;

namespace Mercato.Server.Infrastructure.Outbound;

/// <summary>Refused by policy: an address that is not globally routable, a scheme other than http(s), too many redirects.</summary>
internal sealed class OutboundRefusedException(string message) : HttpRequestException(message)
{
    /// <summary>The refusal behind <paramref name="exception"/>, however deep the handlers wrapped it.</summary>
    public static OutboundRefusedException? Find(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is OutboundRefusedException refused)
            {
                return refused;
            }
        }

        return null;
    }
}

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> of every outbound client: resolves the host itself, drops the
/// addresses policy refuses, connects to one that is left, and checks the address the socket actually connected to,
/// so a DNS answer that changes between check and use (rebinding) cannot slip through.
/// </summary>
internal sealed class OutboundConnector(OutboundOptions options)
{
    private readonly IPNetwork[] _allowed = [.. options.AllowedNetworks.Select(IPNetwork.Parse)];
    private readonly Uri? _proxy = options.Proxy is null ? null : new Uri(options.Proxy);

    public string? Refusal(IPAddress address)
    {
        if (_allowed.Any(n => n.Contains(address)) || (options.AllowLoopback && IPAddress.IsLoopback(address)))
        {
            return null;
        }

        return OutboundAddresses.Refusal(address);
    }

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var (host, port) = (context.DnsEndPoint.Host, context.DnsEndPoint.Port);
        var viaProxy = _proxy is not null && string.Equals(host, _proxy.IdnHost, StringComparison.OrdinalIgnoreCase) && port == _proxy.Port;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, cancellationToken);
        var refusals = viaProxy ? [] : addresses.Select(a => (Address: a, Reason: Refusal(a))).Where(r => r.Reason is not null).ToList();
        var usable = addresses.Where(a => viaProxy || Refusal(a) is null).ToList();
        if (usable.Count == 0)
        {
            var (address, reason) = refusals.Count > 0 ? refusals[0] : (null, "no address");
            throw new OutboundRefusedException($"'{host}' is {address} which is not globally routable: {reason}");
        }

        SocketException? last = null;
        foreach (var address in usable)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                var connected = ((IPEndPoint)socket.RemoteEndPoint!).Address;
                if (!viaProxy && Refusal(connected) is { } reason)
                {
                    throw new OutboundRefusedException($"'{host}' connected to {connected} which is not globally routable: {reason}");
                }

                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException exception)
            {
                socket.Dispose();
                last = exception;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last!;
    }
}

using System.Net;
using System.Net.Sockets;

namespace Mercato.Server.Feeds;

/// <summary>
/// Downloads a seller's feed URL without becoming a way into our network (SSRF): only http and https, and every
/// connection — including those after redirects and whatever DNS answers at connect time — is refused when it goes to
/// a private, loopback, link-local or otherwise non-public address, unless <see cref="FeedsOptions.AllowPrivateUrls"/>.
/// </summary>
internal static class FeedFetcher
{
    public static string? CheckUrl(string? url, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed))
        {
            return "must be an absolute http or https URL";
        }

        if (parsed.Scheme is not ("http" or "https"))
        {
            return $"scheme '{parsed.Scheme}' is not allowed; use http or https";
        }

        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            return "must not carry a user name or password";
        }

        uri = parsed;
        return null;
    }

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.Broadcast))
        {
            return false;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast || (b[0] & 0xFE) == 0xFC);
        }

        var v4 = address.GetAddressBytes();
        return v4[0] switch
        {
            0 or 10 or 127 => false,
            100 when v4[1] is >= 64 and <= 127 => false, // carrier-grade NAT
            169 when v4[1] == 254 => false, // link-local, including cloud metadata at 169.254.169.254
            172 when v4[1] is >= 16 and <= 31 => false,
            192 when v4[1] == 168 => false,
            192 when v4[1] == 0 && v4[2] == 0 => false,
            198 when v4[1] is 18 or 19 => false,
            >= 224 => false, // multicast and reserved
            _ => true,
        };
    }

    public static async Task FetchAsync(Uri uri, string destination, FeedsOptions options, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 5,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectCallback = async (context, token) =>
            {
                var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, token);
                var allowed = addresses.Where(a => options.AllowPrivateUrls || IsPublic(a)).ToArray();
                if (allowed.Length == 0)
                {
                    throw new HttpRequestException($"'{context.DnsEndPoint.Host}' is a private, loopback or link-local address; feeds are fetched from public addresses only");
                }

                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, token);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(options.FetchTimeoutSeconds) };
        using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        if (response.Content.Headers.ContentLength > options.MaxUploadBytes)
        {
            throw new HttpRequestException($"the file is larger than the {options.MaxUploadBytes:N0} bytes allowed");
        }

        await using var input = await response.Content.ReadAsStreamAsync(cancellationToken);
        await CopyLimitedAsync(input, destination, options.MaxUploadBytes, cancellationToken);
    }

    /// <summary>Copies to a file, stopping with an error past <paramref name="limit"/> bytes; returns the bytes written.</summary>
    public static async Task<long> CopyLimitedAsync(Stream input, string destination, long limit, CancellationToken cancellationToken)
    {
        await using var output = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new InvalidDataException($"the file is larger than the {limit:N0} bytes allowed");
            }

            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return total;
    }
}

using System.Net;
using System.Net.Sockets;

namespace Mercato.Server.Infrastructure.Outbound;

/// <summary>
/// Which addresses an outbound request may reach: only globally routable ones, per IANA's IPv4 and IPv6
/// special-purpose address registries. IPv6 is allowed only inside global unicast (2000::/3), which already excludes
/// loopback, IPv4-mapped and -compatible forms, NAT64, discard, ULA, link- and site-local and multicast; the named
/// entries below are there so a refusal says which range it hit.
/// </summary>
internal static class OutboundAddresses
{
    private static readonly (IPNetwork Network, string Name)[] Denied =
    [
        (IPNetwork.Parse("0.0.0.0/8"), "'this network'"),
        (IPNetwork.Parse("10.0.0.0/8"), "private"),
        (IPNetwork.Parse("100.64.0.0/10"), "carrier-grade NAT"),
        (IPNetwork.Parse("127.0.0.0/8"), "loopback"),
        (IPNetwork.Parse("169.254.0.0/16"), "link-local (cloud metadata lives here)"),
        (IPNetwork.Parse("172.16.0.0/12"), "private"),
        (IPNetwork.Parse("192.0.0.0/24"), "IETF protocol assignments"),
        (IPNetwork.Parse("192.0.2.0/24"), "documentation"),
        (IPNetwork.Parse("192.88.99.0/24"), "deprecated 6to4 relay anycast"),
        (IPNetwork.Parse("192.168.0.0/16"), "private"),
        (IPNetwork.Parse("198.18.0.0/15"), "benchmarking"),
        (IPNetwork.Parse("198.51.100.0/24"), "documentation"),
        (IPNetwork.Parse("203.0.113.0/24"), "documentation"),
        (IPNetwork.Parse("224.0.0.0/4"), "multicast"),
        (IPNetwork.Parse("255.255.255.255/32"), "broadcast"),
        (IPNetwork.Parse("240.0.0.0/4"), "reserved"),
        (IPNetwork.Parse("::1/128"), "loopback"),
        (IPNetwork.Parse("::/96"), "IPv4-compatible or unspecified"),
        (IPNetwork.Parse("64:ff9b::/96"), "NAT64"),
        (IPNetwork.Parse("64:ff9b:1::/48"), "local-use NAT64"),
        (IPNetwork.Parse("100::/64"), "discard-only"),
        (IPNetwork.Parse("2001::/32"), "Teredo"),
        // The rest of 2001::/23 holds a few anycast services that are reachable, but nothing a marketplace fetches.
        (IPNetwork.Parse("2001::/23"), "IETF protocol assignments"),
        (IPNetwork.Parse("2001:db8::/32"), "documentation"),
        (IPNetwork.Parse("3fff::/20"), "documentation"),
        (IPNetwork.Parse("5f00::/16"), "segment routing"),
        (IPNetwork.Parse("fc00::/7"), "unique local"),
        (IPNetwork.Parse("fe80::/10"), "link-local"),
        (IPNetwork.Parse("fec0::/10"), "site-local"),
        (IPNetwork.Parse("ff00::/8"), "multicast"),
    ];

    private static readonly IPNetwork GlobalUnicast = IPNetwork.Parse("2000::/3");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    /// <summary>Null when <paramref name="address"/> is globally routable, else which special-purpose range it is in.</summary>
    public static string? Refusal(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv6ScopedLinkLocal())
        {
            return "link-local";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            // Refused whatever it embeds: the socket layer would quietly turn it into an IPv4 connection.
            return "IPv4-mapped (::ffff:0:0/96)";
        }

        foreach (var (network, name) in Denied)
        {
            if (network.BaseAddress.AddressFamily == address.AddressFamily && network.Contains(address))
            {
                return $"{name} ({network})";
            }
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (!GlobalUnicast.Contains(address))
            {
                return "outside IPv6 global unicast (2000::/3)";
            }

            if (SixToFour.Contains(address))
            {
                // 6to4 carries an IPv4 address in bits 16-47; a private one there reaches a private host through a relay.
                var bytes = address.GetAddressBytes();
                var embedded = new IPAddress(bytes.AsSpan(2, 4));
                return Refusal(embedded) is { } inner ? $"6to4 (2002::/16) of {embedded}, {inner}" : null;
            }
        }

        return null;
    }

    private static bool IsIPv6ScopedLinkLocal(this IPAddress address) => address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0 && address.IsIPv6LinkLocal;
}

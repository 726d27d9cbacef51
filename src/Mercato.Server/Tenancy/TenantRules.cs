using System.Text.RegularExpressions;
using Mercato.Server.Infrastructure;

namespace Mercato.Server.Tenancy;

/// <summary>What makes a tenant's slug, host names, currency, verticals and colours acceptable.</summary>
internal static partial class TenantRules
{
    public static string? CheckSlug(string? slug) =>
        slug is not null && SlugPattern().IsMatch(slug) ? null : "must be 2–63 characters of a–z, 0–9 and '-', starting with a letter or digit";

    public static string? CheckHost(string host) =>
        host.Length <= 253 && HostPattern().IsMatch(host) ? null : $"'{host}' is not a host name";

    public static string? CheckVerticals(IEnumerable<string> verticals)
    {
        var unknown = verticals.Where(v => !VerticalNames.IsKnown(v)).ToList();
        return unknown.Count == 0 ? null : $"unknown vertical(s) {string.Join(", ", unknown)}; known: {string.Join(", ", VerticalNames.All)}";
    }

    public static string? CheckCurrency(string currency) =>
        Currencies.IsKnown(currency) ? null : $"'{currency}' is not an ISO 4217 currency code";

    public static string? CheckColor(string color) =>
        ColorPattern().IsMatch(color) ? null : $"'{color}' is not a colour like #1f4ed8";

    public static string? CheckLogoUrl(string? url) =>
        url is null || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http")
            ? null
            : $"'{url}' is not an http(s) URL";

    /// <summary>Host header without port, lower-case.</summary>
    public static string NormaliseHost(string host)
    {
        host = host.Trim().ToLowerInvariant();
        if (host.StartsWith('['))
        {
            var end = host.IndexOf(']', StringComparison.Ordinal);
            return end > 0 ? host[..(end + 1)] : host;
        }

        var colon = host.LastIndexOf(':');
        return colon > 0 ? host[..colon] : host;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,62}$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")]
    private static partial Regex HostPattern();

    [GeneratedRegex("^#[0-9a-fA-F]{6}$")]
    private static partial Regex ColorPattern();
}

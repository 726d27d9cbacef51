namespace Mercato.Server.Tenancy;

/// <summary>A marketplace. Every tenant-owned row carries its id; requests find it by their Host header.</summary>
public sealed record Tenant(
    long Id,
    string Slug,
    string Name,
    string DefaultCurrency,
    IReadOnlyList<string> Verticals,
    TenantBranding Branding,
    IReadOnlyList<string> Hosts)
{
    /// <summary>The tenant that <c>localhost</c> and <c>127.0.0.1</c> serve.</summary>
    public const string DefaultSlug = "demo";

    /// <summary>New sellers wait for a marketplace administrator's approval before their listings are shown.</summary>
    public bool SellerApproval { get; init; }

    /// <summary>Lets handlers take a <see cref="Tenant"/> parameter; <see cref="TenantResolutionMiddleware"/> has put it there.</summary>
    public static ValueTask<Tenant?> BindAsync(HttpContext context) =>
        ValueTask.FromResult(context.Features.Get<Tenant>());
}

public sealed record TenantBranding(string? DisplayName, string PrimaryColor, string AccentColor, string? LogoUrl)
{
    public static TenantBranding Default { get; } = new(null, "#1f4ed8", "#f59e0b", null);
}

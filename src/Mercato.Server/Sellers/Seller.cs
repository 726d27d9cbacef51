namespace Mercato.Server.Sellers;

/// <summary>An organisation that lists things: a dealer, manufacturer, distributor or AI-agent vendor.</summary>
public sealed record Seller(
    long Id,
    string ExternalId,
    string Name,
    string Kind,
    string Status,
    string? PostalCode,
    string? Country,
    double? Latitude,
    double? Longitude)
{
    public static readonly IReadOnlyList<string> Kinds = ["dealer", "manufacturer", "distributor", "agent_vendor"];
}

/// <summary>
/// Where a seller stands with the marketplace. Only an active seller's listings are public; a pending one waits for
/// approval (when the tenant asks for it) and a suspended one was stopped by an administrator. Both may still sign in
/// and edit, so nothing is lost while the decision is pending.
/// </summary>
public static class SellerStatus
{
    public const string Pending = "pending";
    public const string Active = "active";
    public const string Suspended = "suspended";

    public static readonly IReadOnlyList<string> All = [Pending, Active, Suspended];
}

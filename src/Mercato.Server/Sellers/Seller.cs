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

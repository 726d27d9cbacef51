using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Mercato.Server.Catalog;

/// <summary>Money is always integer minor units plus an ISO 4217 code.</summary>
public sealed record Money(long Amount, string Currency);

/// <summary>A listing as the API shows it. <see cref="Version"/> is the optimistic-concurrency token (also the ETag).</summary>
public sealed record Listing(
    long Id,
    string ExternalId,
    long SellerId,
    string SellerExternalId,
    string Category,
    string Status,
    string Title,
    string? Description,
    Money? Price,
    JsonObject Attributes,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static readonly IReadOnlyList<string> Statuses = [ListingStatus.Draft, ListingStatus.Active, ListingStatus.Unavailable, ListingStatus.Archived];

    [JsonIgnore]
    public string ETag => $"\"{Version}\"";
}

internal static class ListingStatus
{
    public const string Draft = "draft";
    public const string Active = "active";

    /// <summary>Sold or out of stock.</summary>
    public const string Unavailable = "unavailable";
    public const string Archived = "archived";
}

/// <summary>The validated, normalised content of a listing, ready to be written.</summary>
internal sealed record ListingContent(
    string ExternalId,
    long SellerId,
    Category Category,
    string Status,
    string Title,
    string? Description,
    Money? Price,
    JsonObject Attributes)
{
    public (double? Latitude, double? Longitude) Location =>
        Attributes["location"] is JsonObject point ? ((double?)point["lat"], (double?)point["lng"]) : (null, null);
}

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

    /// <summary>Why shoppers do not see a listing they otherwise would: a moderator hid it, or its seller is not active.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ListingHold? Hold { get; init; }

    /// <summary>Shown to shoppers: active or sold, not held. Drafts, archived and held listings are for their managers only.</summary>
    [JsonIgnore]
    public bool IsPublic => Status is ListingStatus.Active or ListingStatus.Unavailable && Hold is null;
}

/// <summary>A reason a listing is kept from shoppers. <see cref="Kind"/> is one of <see cref="ListingHoldKind"/>.</summary>
public sealed record ListingHold(string Kind, string? Reason, DateTimeOffset? Since);

public static class ListingHoldKind
{
    /// <summary>A marketplace administrator hid the listing, giving a reason.</summary>
    public const string Moderation = "moderation";

    /// <summary>The seller waits for approval.</summary>
    public const string SellerPending = "seller_pending";

    /// <summary>The seller is suspended.</summary>
    public const string SellerSuspended = "seller_suspended";
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

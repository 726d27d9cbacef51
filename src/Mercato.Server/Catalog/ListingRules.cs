using System.Text.Json.Nodes;
using Mercato.Server.Sellers;

namespace Mercato.Server.Catalog;

/// <summary>Turns what a client sent into <see cref="ListingContent"/>, collecting one error per bad field.</summary>
internal static class ListingRules
{
    public const int MaxTitleLength = 300;
    public const int MaxDescriptionLength = 20_000;
    public const int MaxExternalIdLength = 100;

    public static ListingContent? Validate(
        string? externalId,
        Seller seller,
        Category category,
        string? status,
        string? title,
        string? description,
        Money? price,
        JsonObject? attributes,
        Dictionary<string, string[]> errors,
        bool attributesOwned = false)
    {
        externalId = externalId?.Trim();
        if (string.IsNullOrEmpty(externalId))
        {
            externalId = Guid.CreateVersion7().ToString("N");
        }
        else if (externalId.Length > MaxExternalIdLength)
        {
            errors["externalId"] = [$"must be at most {MaxExternalIdLength} characters"];
        }

        status ??= ListingStatus.Active;
        if (!Listing.Statuses.Contains(status))
        {
            errors["status"] = [$"must be one of: {string.Join(", ", Listing.Statuses)}"];
        }

        title = title?.Trim();
        if (string.IsNullOrEmpty(title))
        {
            errors["title"] = ["is required"];
        }
        else if (title.Length > MaxTitleLength)
        {
            errors["title"] = [$"must be at most {MaxTitleLength} characters"];
        }

        description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
        if (description?.Length > MaxDescriptionLength)
        {
            errors["description"] = [$"must be at most {MaxDescriptionLength} characters"];
        }

        if (price is not null)
        {
            if (price.Amount < 0)
            {
                errors["price.amount"] = ["must be a non-negative number of minor units"];
            }

            if (!Currencies.IsKnown(price.Currency))
            {
                errors["price.currency"] = [$"'{price.Currency}' is not an ISO 4217 currency code"];
            }
        }

        // The location default is added to the attributes: to a copy, unless the caller handed the object over.
        attributes = attributes is null ? [] : attributesOwned ? attributes : (JsonObject)attributes.DeepClone();
        if (category.Find("location") is not null && attributes["location"] is null && seller.Latitude is { } lat && seller.Longitude is { } lng)
        {
            attributes["location"] = new JsonObject { ["lat"] = lat, ["lng"] = lng };
        }

        var normalised = AttributeValidator.Validate(category, attributes, errors);
        return errors.Count > 0 ? null : new ListingContent(externalId, seller.Id, category, status, title!, description, price, normalised);
    }
}

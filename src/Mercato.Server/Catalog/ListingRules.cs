using System.Text.Json.Nodes;
using Mercato.Server.Infrastructure;
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
        Dictionary<string, string[]> errors)
    {
        var fields = ValidateFields(externalId, status, title, description, price, errors);

        // The location default is added to a copy of the attributes: the caller's object stays as it was.
        attributes = attributes is null ? [] : (JsonObject)attributes.DeepClone();
        if (attributes["location"] is null && DefaultLocation(category, seller) is { } location)
        {
            attributes["location"] = new JsonObject { ["lat"] = location.Latitude, ["lng"] = location.Longitude };
        }

        var normalised = AttributeValidator.Validate(category, attributes, errors);
        return errors.Count > 0 ? null : new ListingContent(fields.ExternalId, seller.Id, category, fields.Status, fields.Title!, fields.Description, price, normalised);
    }

    /// <summary>A listing's own fields, normalised: an id made up when none is given, active by default, trimmed text.</summary>
    internal readonly record struct Fields(string ExternalId, string Status, string? Title, string? Description);

    /// <summary>The checks of <see cref="Validate"/> for everything but the attributes (which the feed importer writes itself).</summary>
    internal static Fields ValidateFields(string? externalId, string? status, string? title, string? description, Money? price, Dictionary<string, string[]> errors)
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

        return new Fields(externalId, status, title, description);
    }

    /// <summary>Where a listing without a location of its own is: at its seller, when the category has a location.</summary>
    internal static (double Latitude, double Longitude)? DefaultLocation(Category category, Seller seller) =>
        category.Find("location") is not null && seller.Latitude is { } lat && seller.Longitude is { } lng ? (lat, lng) : null;
}

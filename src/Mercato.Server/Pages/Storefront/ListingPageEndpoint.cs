using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Mercato.Search;
using Mercato.Server.Accounts;
using Mercato.Server.Catalog;
using Mercato.Server.Infrastructure;
using Mercato.Server.Orders;
using Mercato.Server.ReferenceData;
using Mercato.Server.Search;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Mercato.Server.Pages.Storefront;

/// <summary>The contact form; settable properties so that a field the browser leaves out binds as null.</summary>
public sealed class ContactForm
{
    public string? Name { get; set; }

    public string? Email { get; set; }

    public string? Phone { get; set; }

    public string? Message { get; set; }
}

/// <summary>The listing detail page and its contact-the-seller form, which records a lead.</summary>
internal static class ListingPageEndpoint
{
    public static async Task<IResult> ShowAsync(
        long id, HttpContext http, Tenant tenant, Database database, CategoryStore categories, SearchIndexes indexes, IAntiforgery antiforgery,
        ListingStore listings, ReferenceDataSet reference, CancellationToken ct) =>
        await RenderAsync(id, http, tenant, database, categories, indexes, antiforgery, listings, reference, null, new Dictionary<string, string>(), ct);

    public static async Task<IResult> ContactAsync(
        long id, [FromForm] ContactForm form, HttpContext http, Tenant tenant, Database database, CategoryStore categories, SearchIndexes indexes,
        IAntiforgery antiforgery, ListingStore listings, TimeProvider time, ReferenceDataSet reference, CancellationToken ct)
    {
        var listing = await listings.FindAsync(tenant.Id, id, ct);
        if (listing is null || listing.Status != ListingStatus.Active || !listing.IsPublic)
        {
            return StorefrontEndpoints.NotFoundPage(tenant, "This listing is no longer available.");
        }

        var errors = new Dictionary<string, string>();
        var name = form.Name?.Trim();
        var email = form.Email?.Trim();
        var message = form.Message?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100)
        {
            errors["name"] = "Please give your name (up to 100 characters).";
        }

        if (string.IsNullOrEmpty(email) || email.Length > 200 || !MailAddress.TryCreate(email, out _))
        {
            errors["email"] = "Please give an e-mail address the seller can answer.";
        }

        if (form.Phone is { Length: > 40 })
        {
            errors["phone"] = "That phone number is too long.";
        }

        if (string.IsNullOrEmpty(message) || message.Length > 4000)
        {
            errors["message"] = "Please write a message (up to 4,000 characters).";
        }

        if (errors.Count > 0)
        {
            return await RenderAsync(id, http, tenant, database, categories, indexes, antiforgery, listings, reference, form, errors, ct);
        }

        if (http.RequestServices.GetRequiredService<AccountFormLimits.TargetLimiter>().Check(http, FormLimit.Contact, id.ToString(CultureInfo.InvariantCulture)) is { } refused)
        {
            return refused;
        }

        await using var connection = await database.OpenAsync(ct);
        // The checks above refused empty values.
        await LeadStore.InsertAsync(connection, tenant.Id, new LeadStore.NewLead(id, listing.SellerId, name!, email!, form.Phone?.Trim(), message!), time.GetUtcNow());
        return Results.Redirect($"/listings/{id}?sent=1#contact", permanent: false, preserveMethod: false);
    }

    private static async Task<IResult> RenderAsync(
        long id, HttpContext http, Tenant tenant, Database database, CategoryStore categories, SearchIndexes indexes, IAntiforgery antiforgery,
        ListingStore listings, ReferenceDataSet reference, ContactForm? form, Dictionary<string, string> errors, CancellationToken ct)
    {
        var listing = await listings.FindAsync(tenant.Id, id, ct);
        if (listing is null || !listing.IsPublic)
        {
            return StorefrontEndpoints.NotFoundPage(tenant, $"Listing {id} does not exist or is no longer listed.");
        }

        var category = (await categories.ListAsync(tenant.Id, ct)).FirstOrDefault(c => c.Slug == listing.Category);
        await using var connection = await database.OpenAsync(ct);
        var seller = (await SellerStore.FindAsync(connection, null, tenant.Id, listing.SellerId))!;
        double? distance = null;
        var zip = http.Request.Query["zip"].ToString();
        if (zip.Length > 0 && reference.PostalCodes.TryGet(zip, out var lat, out var lng) && listing.Attributes["location"] is JsonObject point)
        {
            distance = Haversine(lat, lng, (double)point["lat"]!, (double)point["lng"]!);
        }

        var buy = await BuyBoxAsync(connection, http, tenant.Id, id);
        var similar = indexes.Ready ? await SimilarAsync(tenant, indexes, listings, listing, ct) : [];
        var tokens = antiforgery.GetAndStoreTokens(http);
        var model = new ListingPageModel(
            tenant, listing, category, seller, distance, similar, form ?? new ContactForm(), errors,
            http.Request.Query.ContainsKey("sent"), tokens.FormFieldName, tokens.RequestToken!,
            StorefrontEndpoints.BaseUrl(http) + $"/listings/{id}", JsonLd(listing, seller))
        {
            Buy = buy,
            BuyError = http.Request.Query["error"].ToString() is { Length: > 0 and <= 300 } buyError ? buyError : null,
        };
        return new RazorComponentResult<ListingPage>(new { Model = model }) { StatusCode = errors.Count > 0 ? 400 : 200 };
    }

    /// <summary>What the Buy section shows: null when the listing cannot be bought (no price, not public).</summary>
    private static async Task<BuyBox?> BuyBoxAsync(System.Data.Common.DbConnection connection, HttpContext http, long tenantId, long id)
    {
        var buyable = await CartStore.FindListingAsync(connection, null, tenantId, id);
        if (buyable?.PriceAmount is not { } price || buyable.PriceCurrency is not { } currency)
        {
            return null;
        }

        var stock = await Inventory.ViewAsync(connection, null, tenantId, buyable);
        var vehicle = CartStore.IsOneOfAKind(buyable);
        var deposit = vehicle ? http.RequestServices.GetRequiredService<CheckoutPricing>().Deposit(price) : (long?)null;
        var maxQuantity = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<OrdersOptions>>().Value.MaxQuantity;
        return new BuyBox(stock.Status, stock.Tracked ? stock.Free : null, vehicle, deposit, currency, vehicle ? 1 : (int)Math.Min(maxQuantity, stock.Free ?? maxQuantity));
    }

    /// <summary>Same make and model (vehicles), brand (wholesale) or integration (agents), nearest in price.</summary>
    private static async Task<IReadOnlyList<Listing>> SimilarAsync(Tenant tenant, SearchIndexes indexes, ListingStore listings, Listing listing, CancellationToken ct)
    {
        static string Eq(string field, JsonNode? value) =>
            value is null ? "" : $" AND {field} = \"{value.ToString().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

        var a = listing.Attributes;
        var filter = $"category = \"{listing.Category}\"" + listing.Category switch
        {
            "vehicles" => Eq("make", a["make"]) + Eq("model", a["model"]),
            "wholesale" => Eq("brand", a["brand"]),
            "ai-agents" => Eq("integration_type", a["integration_type"]),
            _ => "",
        };
        var price = listing.Price?.Amount ?? 0;
        var index = await indexes.GetAsync(tenant.Id, ct);
        var hits = new List<long>();
        foreach (var band in new[] { $" AND price >= {price}", $" AND price < {price}" })
        {
            var sort = band.Contains('>', StringComparison.Ordinal) ? "price:asc" : "price:desc";
            var result = index.Index.Search(new SearchQuery { Filter = listing.Price is null ? filter : filter + band, Sort = [sort], Limit = 4 });
            hits.AddRange(result.Hits.Select(h => h.Id).Where(h => h != listing.Id));
            if (listing.Price is null)
            {
                break;
            }
        }

        var found = await listings.FindManyAsync(tenant.Id, hits.Take(6).ToList(), ct);
        return hits.Take(6).Where(found.ContainsKey).Select(h => found[h]).ToList();
    }

    private static string JsonLd(Listing listing, Seller seller)
    {
        var a = listing.Attributes;
        var offer = new JsonObject
        {
            ["@type"] = "Offer",
            ["availability"] = listing.Status == ListingStatus.Active ? "https://schema.org/InStock" : "https://schema.org/SoldOut",
            ["seller"] = new JsonObject { ["@type"] = seller.Kind == "dealer" ? "AutoDealer" : "Organization", ["name"] = seller.Name },
        };
        if (listing.Price is { } price)
        {
            offer["price"] = Currencies.ToMajor(price.Amount, price.Currency).ToString(CultureInfo.InvariantCulture);
            offer["priceCurrency"] = price.Currency;
        }

        var item = new JsonObject
        {
            ["@context"] = "https://schema.org",
            ["@type"] = listing.Category == "vehicles" ? "Car" : "Product",
            ["name"] = listing.Title,
            ["offers"] = offer,
        };
        if (listing.Description is not null)
        {
            item["description"] = listing.Description;
        }

        if (listing.Category == "vehicles")
        {
            item["vehicleIdentificationNumber"] = a["vin"]?.DeepClone();
            item["brand"] = new JsonObject { ["@type"] = "Brand", ["name"] = a["make"]?.DeepClone() };
            item["model"] = a["model"]?.DeepClone();
            item["vehicleModelDate"] = a["year"]?.ToString();
            item["color"] = a["exterior_color"]?.DeepClone();
            item["itemCondition"] = a["condition"]?.ToString() == "new" ? "https://schema.org/NewCondition" : "https://schema.org/UsedCondition";
            if (a["mileage"] is { } mileage)
            {
                item["mileageFromOdometer"] = new JsonObject { ["@type"] = "QuantitativeValue", ["value"] = mileage.DeepClone(), ["unitCode"] = "SMI" };
            }
        }
        else if (a["brand"] is { } brand)
        {
            item["brand"] = new JsonObject { ["@type"] = "Brand", ["name"] = brand.DeepClone() };
            item["sku"] = a["sku"]?.DeepClone();
        }

        // The default encoder escapes '<' and '>', so the document cannot close the script element it sits in.
        return item.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default });
    }

    internal static double Haversine(double lat1, double lng1, double lat2, double lng2)
    {
        const double EarthRadius = 6_371_008.8;
        var dLat = double.DegreesToRadians(lat2 - lat1);
        var dLng = double.DegreesToRadians(lng2 - lng1);
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(double.DegreesToRadians(lat1)) * Math.Cos(double.DegreesToRadians(lat2)) * Math.Pow(Math.Sin(dLng / 2), 2);
        return 2 * EarthRadius * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}

public sealed record ListingPageModel(
    Tenant Tenant,
    Listing Listing,
    Category? Category,
    Seller Seller,
    double? DistanceMeters,
    IReadOnlyList<Listing> Similar,
    ContactForm Form,
    Dictionary<string, string> Errors,
    bool Sent,
    string AntiforgeryField,
    string AntiforgeryToken,
    string Canonical,
    string JsonLd)
{
    public BuyBox? Buy { get; init; }

    /// <summary>Why the last Add to cart was refused.</summary>
    public string? BuyError { get; init; }
}

/// <summary>
/// The Buy section of a listing: <see cref="Status"/> is available, reserved (every unit held by an unpaid order or a
/// vehicle deposit) or sold_out; <see cref="Left"/> is null when the seller does not count stock.
/// </summary>
public sealed record BuyBox(string Status, long? Left, bool Vehicle, long? Deposit, string Currency, int MaxQuantity);

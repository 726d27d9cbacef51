using System.Text.Json.Nodes;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Catalog;

internal sealed record CreateListingRequest(
    string? ExternalId,
    long? SellerId,
    string? SellerExternalId,
    string? Category,
    string? Status,
    string? Title,
    string? Description,
    Money? Price,
    JsonObject? Attributes);

internal static class CreateListing
{
    public static async Task<Results<Created<Listing>, ProblemHttpResult>> HandleAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, ListingStore listings, CancellationToken cancellationToken)
    {
        if (!caller.IsAuthenticated)
        {
            return Access.Unauthenticated();
        }

        var (request, problem) = await RequestBody.ReadAsync<CreateListingRequest>(http.Request, cancellationToken);
        if (request is null)
        {
            return problem!;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>();
        Seller? seller = null;
        if (request.SellerId is { } sellerId)
        {
            seller = await SellerStore.FindAsync(connection, null, tenant.Id, sellerId);
        }
        else if (!string.IsNullOrWhiteSpace(request.SellerExternalId))
        {
            seller = await SellerStore.FindByExternalIdAsync(connection, null, tenant.Id, request.SellerExternalId);
        }
        else if (caller.Sellers.Count == 1)
        {
            seller = await SellerStore.FindAsync(connection, null, tenant.Id, caller.Sellers.First());
        }

        // Another seller's id reads as unknown: a caller learns nothing about sellers it does not manage.
        if (seller is not null && !caller.CanManage(seller.Id))
        {
            seller = null;
        }

        if (seller is null && request.SellerId is null && string.IsNullOrWhiteSpace(request.SellerExternalId))
        {
            errors["sellerId"] = ["sellerId or sellerExternalId is required"];
        }
        else if (seller is null)
        {
            errors[request.SellerId is null ? "sellerExternalId" : "sellerId"] = ["is not a seller of this marketplace"];
        }

        var category = request.Category is null ? null : (await CategoryStore.ListAsync(connection, tenant.Id)).FirstOrDefault(c => c.Slug == request.Category);
        if (category is null)
        {
            errors["category"] = [request.Category is null ? "is required" : $"'{request.Category}' is not a category of this marketplace"];
        }

        if (seller is null || category is null)
        {
            return Problems.Validation(errors);
        }

        var content = ListingRules.Validate(
            request.ExternalId, seller, category, request.Status, request.Title, request.Description, request.Price, request.Attributes, errors);
        if (content is null)
        {
            return Problems.Validation(errors);
        }

        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        if (await ListingStore.ExternalIdTakenAsync(connection, transaction, tenant.Id, seller.Id, content.ExternalId, 0))
        {
            return Problems.Conflict("Listing exists", $"Seller '{seller.ExternalId}' already has a listing with external id '{content.ExternalId}'.");
        }

        var id = await listings.InsertAsync(connection, transaction, tenant.Id, content);
        var listing = (await ListingStore.FindAsync(connection, transaction, tenant.Id, id))!;
        await transaction.CommitAsync(cancellationToken);
        http.Response.Headers.ETag = listing.ETag;
        return TypedResults.Created($"/api/listings/{id}", listing);
    }
}

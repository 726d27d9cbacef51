using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Catalog;

internal static class CatalogEndpoints
{
    private const int MaxPage = 500;

    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder routes)
    {
        var listings = routes.MapGroup("/api/listings").WithTags("Listings");
        listings.MapGet("/", ListAsync)
            .WithSummary("List listings")
            .WithDescription("Keyset pagination ordered by id: pass the previous page's `next` as `after`. Optional filters: category, status.");
        listings.MapGet("/{id:long}", GetAsync).WithSummary("Get a listing").WithDescription("The ETag header carries the version to send back in If-Match.");
        listings.MapPost("/", CreateListing.HandleAsync)
            .WithSummary("Create a listing")
            .WithDescription("Validated against the category's attribute schema; every bad field is reported. Money is integer minor units plus an ISO 4217 code.")
            .Accepts<CreateListingRequest>("application/json");
        listings.MapPatch("/{id:long}", UpdateListing.HandleAsync)
            .WithSummary("Change a listing")
            .WithDescription("JSON merge patch. Requires If-Match with the ETag you read (412 when stale, 428 when absent). Set status to archived to archive.")
            .Accepts<Dictionary<string, object>>("application/merge-patch+json", "application/json");
        listings.MapDelete("/{id:long}", DeleteAsync)
            .WithSummary("Delete a listing")
            .WithDescription("Removes the listing for good; If-Match is honoured when sent. Prefer archiving to keep history.");

        routes.MapGet("/api/sellers/{sellerId:long}/listings", ListBySellerAsync)
            .WithTags("Listings")
            .WithSummary("List a seller's listings")
            .WithDescription("Keyset pagination ordered by id; optional status filter.");

        var categories = routes.MapGroup("/api/categories").WithTags("Categories");
        categories.MapGet("/", ListCategoriesAsync).WithSummary("List categories with their attribute schemas");
        categories.MapGet("/{slug}", GetCategoryAsync).WithSummary("Get a category's attribute schema");
        categories.MapPost("/", CreateCategory.HandleAsync)
            .WithSummary("Create a category")
            .WithDescription("A child inherits its parent's attributes and may add typed attributes of its own.")
            .Accepts<CreateCategoryRequest>("application/json");

        routes.MapGet("/api/changes", ChangesAsync)
            .WithTags("Listings")
            .WithSummary("Read the listing change log")
            .WithDescription("Committed listing writes in commit order after position `after`; followers keep the last seq they saw.");
        return routes;
    }

    private static async Task<Results<Ok<Listing>, ProblemHttpResult>> GetAsync(
        long id, HttpContext http, Tenant tenant, Caller caller, ListingStore store, CancellationToken cancellationToken)
    {
        var listing = await store.FindAsync(tenant.Id, id, cancellationToken);
        if (listing is null || (!listing.IsPublic && !caller.CanManage(listing.SellerId)))
        {
            return Problems.NotFound($"Listing {id} does not exist.");
        }

        http.Response.Headers.ETag = listing.ETag;
        return TypedResults.Ok(listing);
    }

    private static async Task<Results<Ok<Page<Listing>>, ProblemHttpResult>> ListAsync(
        Tenant tenant, Caller caller, ListingStore store, CancellationToken cancellationToken, string? category = null, string? status = null, long after = 0, int limit = 50) =>
        await PageAsync(tenant, store, null, category, status, !caller.IsAdmin, after, limit, cancellationToken);

    private static async Task<Results<Ok<Page<Listing>>, ProblemHttpResult>> ListBySellerAsync(
        long sellerId, Tenant tenant, Caller caller, ListingStore store, CancellationToken cancellationToken, string? status = null, long after = 0, int limit = 50) =>
        await PageAsync(tenant, store, sellerId, null, status, !caller.CanManage(sellerId), after, limit, cancellationToken);

    private static async Task<Results<Ok<Page<Listing>>, ProblemHttpResult>> PageAsync(
        Tenant tenant, ListingStore store, long? sellerId, string? category, string? status, bool publicOnly, long after, int limit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxPage)
        {
            return Problems.Field("limit", $"must be between 1 and {MaxPage}");
        }

        if (status is not null && !Listing.Statuses.Contains(status))
        {
            return Problems.Field("status", $"must be one of: {string.Join(", ", Listing.Statuses)}");
        }

        var items = await store.ListAsync(tenant.Id, sellerId, category, status, publicOnly, after, limit, cancellationToken);
        var next = items.Count == limit ? items[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return TypedResults.Ok(new Page<Listing>(items, next));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        long id, HttpRequest http, Tenant tenant, Caller caller, Database database, ListingStore store, CancellationToken cancellationToken)
    {
        if (!caller.IsAuthenticated)
        {
            return Access.Unauthenticated();
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var current = await ListingStore.FindAsync(connection, transaction, tenant.Id, id);
        if (current is null || !caller.CanManage(current.SellerId))
        {
            return Problems.NotFound($"Listing {id} does not exist.");
        }

        if (http.Headers.IfMatch.Count > 0)
        {
            if (!UpdateListing.TryGetExpectedVersion(http, null, out var expected, out var problem))
            {
                return problem!;
            }

            if (!expected.Matches(current.Version))
            {
                return UpdateListing.VersionConflict(current);
            }
        }

        await store.DeleteAsync(connection, transaction, tenant.Id, id, current.Version);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<CategoryView>>> ListCategoriesAsync(Tenant tenant, CategoryStore store, CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(tenant.Id, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<CategoryView>>(all.Select(c => CategoryView.From(c, all.FirstOrDefault(p => p.Id == c.ParentId)?.Slug)).ToList());
    }

    private static async Task<Results<Ok<CategoryView>, ProblemHttpResult>> GetCategoryAsync(string slug, Tenant tenant, CategoryStore store, CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(tenant.Id, cancellationToken);
        var category = all.FirstOrDefault(c => c.Slug == slug);
        return category is null
            ? Problems.NotFound($"Category '{slug}' does not exist.")
            : TypedResults.Ok(CategoryView.From(category, all.FirstOrDefault(p => p.Id == category.ParentId)?.Slug));
    }

    private static async Task<Results<Ok<IReadOnlyList<ListingChange>>, ProblemHttpResult>> ChangesAsync(
        Tenant tenant, Caller caller, ChangeLog changeLog, CancellationToken cancellationToken, long after = 0, int limit = 100)
    {
        if (!caller.IsAdmin)
        {
            return caller.IsAuthenticated ? Access.AdminOnly() : Access.Unauthenticated();
        }

        if (limit is < 1 or > 10_000)
        {
            return Problems.Field("limit", "must be between 1 and 10000");
        }

        return TypedResults.Ok(await changeLog.ReadAsync(tenant.Id, after, limit, cancellationToken));
    }
}

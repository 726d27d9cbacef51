using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Sellers;

internal static class SellerEndpoints
{
    /// <summary>
    /// The sellers API. Creating a seller is for a marketplace's administrators: <paramref name="administratorsOnly"/>
    /// (supplied by the composition root from Accounts, which sits above Sellers) guards it.
    /// </summary>
    public static IEndpointRouteBuilder MapSellerEndpoints(this IEndpointRouteBuilder routes, Func<RouteHandlerBuilder, RouteHandlerBuilder> administratorsOnly)
    {
        var group = routes.MapGroup("/api/sellers").WithTags("Sellers");
        administratorsOnly(group.MapPost("/", CreateSeller.HandleAsync))
            .WithSummary("Create a seller")
            .WithDescription("A seller is an organisation (dealer, manufacturer, distributor, agent_vendor). A US postal code is resolved to coordinates.")
            .Accepts<CreateSellerRequest>("application/json");
        group.MapGet("/{id:long}", GetAsync).WithSummary("Get a seller");
        group.MapGet("/", ListAsync).WithSummary("List sellers").WithDescription("Keyset pagination: pass the last id seen as `after`.");
        return routes;
    }

    private static async Task<Results<Ok<Seller>, ProblemHttpResult>> GetAsync(long id, Tenant tenant, SellerStore store, CancellationToken cancellationToken) =>
        await store.FindAsync(tenant.Id, id, cancellationToken) is { } seller
            ? TypedResults.Ok(seller)
            : Problems.NotFound($"Seller {id} does not exist.");

    private static async Task<Ok<Page<Seller>>> ListAsync(Tenant tenant, SellerStore store, CancellationToken cancellationToken, long after = 0, int limit = 50)
    {
        limit = Math.Clamp(limit, 1, 500);
        var items = await store.ListAsync(tenant.Id, after, limit, cancellationToken);
        return TypedResults.Ok(new Page<Seller>(items, items.Count == limit ? items[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null));
    }
}

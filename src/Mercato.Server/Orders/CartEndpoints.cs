using Dapper;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Orders;

internal sealed record CartLineRequest(long ListingId, long Quantity);

internal sealed record CartQuantityRequest(long Quantity);

public sealed record CartLineView(long ListingId, long SellerId, string Title, long Quantity, long UnitAmount, long CurrentAmount, string Currency, long LineTotal, bool PriceChanged);

public sealed record CartView(string? CartToken, string? Currency, IReadOnlyList<CartLineView> Lines, long Subtotal);

/// <summary>The buyer's cart: read, add a listing, set a quantity, remove a line.</summary>
internal static class CartEndpoints
{
    public static async Task<Ok<CartView>> GetAsync(HttpContext http, Tenant tenant, Caller caller, Database database, CartStore carts, CancellationToken cancellationToken)
    {
        var buyer = Buyer.From(http, caller);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var cartId = buyer.IsKnown ? await carts.FindAsync(connection, transaction, tenant.Id, buyer, create: false) : null;
        var view = await ViewAsync(connection, transaction, tenant.Id, cartId, null);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(view);
    }

    public static async Task<Results<Ok<CartView>, ProblemHttpResult>> AddAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, CartStore carts, IOptions<OrdersOptions> options, CancellationToken cancellationToken)
    {
        var (request, problem) = await RequestBody.ReadAsync<CartLineRequest>(http.Request, cancellationToken);
        return problem ?? await SetAsync(http, tenant, caller, database, carts, options.Value, request!.ListingId, request.Quantity, add: true, cancellationToken);
    }

    public static async Task<Results<Ok<CartView>, ProblemHttpResult>> UpdateAsync(
        long listingId, HttpContext http, Tenant tenant, Caller caller, Database database, CartStore carts, IOptions<OrdersOptions> options, CancellationToken cancellationToken)
    {
        var (request, problem) = await RequestBody.ReadAsync<CartQuantityRequest>(http.Request, cancellationToken);
        return problem ?? await SetAsync(http, tenant, caller, database, carts, options.Value, listingId, request!.Quantity, add: false, cancellationToken);
    }

    public static async Task<Results<Ok<CartView>, ProblemHttpResult>> RemoveAsync(
        long listingId, HttpContext http, Tenant tenant, Caller caller, Database database, CartStore carts, CancellationToken cancellationToken)
    {
        var buyer = Buyer.From(http, caller);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var cartId = buyer.IsKnown ? await carts.FindAsync(connection, transaction, tenant.Id, buyer, create: false) : null;
        if (cartId is null || await CartStore.RemoveLineAsync(connection, transaction, cartId.Value, listingId) == 0)
        {
            return Problems.NotFound($"Listing {listingId} is not in the cart.");
        }

        var view = await ViewAsync(connection, transaction, tenant.Id, cartId, null);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(view);
    }

    internal static async Task<Results<Ok<CartView>, ProblemHttpResult>> SetAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, CartStore carts, OrdersOptions options, long listingId, long quantity, bool add, CancellationToken cancellationToken)
    {
        if (quantity <= 0)
        {
            return Problems.Field("quantity", "must be at least 1");
        }

        if (quantity > options.MaxQuantity)
        {
            return Problems.Field("quantity", $"must be at most {options.MaxQuantity}");
        }

        var buyer = Buyer.From(http, caller);
        string? issued = null;
        if (!buyer.IsKnown)
        {
            issued = Buyer.Issue(http);
            buyer = buyer with { TokenHash = Buyer.Hash(issued) };
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var listing = await CartStore.FindListingAsync(connection, transaction, tenant.Id, listingId);
        if (listing is null)
        {
            return Problems.NotFound($"Listing {listingId} does not exist or is not for sale.");
        }

        if (listing.PriceAmount is not { } price || listing.PriceCurrency is not { } currency)
        {
            return Problems.Field("listingId", "this listing has no price and cannot be bought");
        }

        var cartId = (await carts.FindAsync(connection, transaction, tenant.Id, buyer, create: true))!.Value;
        var lines = await CartStore.LinesAsync(connection, transaction, cartId);
        if (lines.FirstOrDefault(l => l.ListingId != listingId) is { } other && other.Currency != currency)
        {
            return Problems.Field("listingId", $"is priced in {currency} but the cart is in {other.Currency}; one cart holds one currency");
        }

        var existing = lines.FirstOrDefault(l => l.ListingId == listingId);
        if (existing is null && lines.Count >= options.MaxCartLines)
        {
            return Problems.Field("listingId", $"a cart holds at most {options.MaxCartLines} listings");
        }

        var total = add && existing is not null ? existing.Quantity + quantity : quantity;
        if (total > options.MaxQuantity)
        {
            return Problems.Field("quantity", $"must be at most {options.MaxQuantity} in all");
        }

        if (CartStore.IsOneOfAKind(listing) && total > 1)
        {
            return Problems.Field("quantity", "a vehicle is one of a kind: the quantity must be 1");
        }

        // A line keeps the price the buyer saw when adding it; checkout compares it with the price then.
        await carts.SetLineAsync(connection, transaction, tenant.Id, cartId, listingId, total, existing?.UnitAmount ?? price, currency);
        var view = await ViewAsync(connection, transaction, tenant.Id, cartId, issued);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(view);
    }

    public static async Task<CartView> ViewAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long tenantId, long? cartId, string? issuedToken)
    {
        if (cartId is null)
        {
            return new CartView(issuedToken, null, [], 0);
        }

        var rows = await connection.QueryAsync<(long ListingId, long SellerId, string Title, long Quantity, long UnitAmount, long? Current, string Currency)>(
            """
            SELECT cl.listing_id, l.seller_id, l.title, cl.quantity, cl.unit_amount, l.price_amount, cl.currency
            FROM cart_lines cl JOIN listings l ON l.id = cl.listing_id
            WHERE cl.cart_id = @cartId AND l.tenant_id = @tenantId ORDER BY cl.added_at, cl.listing_id
            """,
            new { cartId, tenantId }, transaction);
        var lines = rows.Select(r => new CartLineView(
            r.ListingId, r.SellerId, r.Title, r.Quantity, r.UnitAmount, r.Current ?? r.UnitAmount, r.Currency, r.Quantity * r.UnitAmount, r.Current is { } c && c != r.UnitAmount)).ToList();
        return new CartView(issuedToken, lines.FirstOrDefault()?.Currency, lines, lines.Sum(l => l.LineTotal));
    }
}

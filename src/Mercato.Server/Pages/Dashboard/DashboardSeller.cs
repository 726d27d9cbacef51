using System.Globalization;
using Mercato.Server.Accounts;
using Mercato.Server.Catalog;
using Mercato.Server.Infrastructure;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Pages.Dashboard;

/// <summary>
/// The seller a dashboard request acts for, found once by the dashboard group's filter before any handler runs.
/// By default it is the <c>?seller=</c> the caller manages (or the first of theirs); endpoints marked
/// <see cref="OwnerOnly"/> need an owner; endpoints marked <see cref="FromListing"/> act for the seller of the
/// listing in their <c>{id}</c>. Anyone else gets sign-in, the administrators' seller list, or a 404 page that says
/// nothing about what exists.
/// </summary>
internal static class DashboardSeller
{
    /// <summary>Marks an endpoint that only the seller's owners may use (API keys, the team).</summary>
    public static readonly Scope OwnerOnly = new(Owner: true, Listing: false);

    /// <summary>Marks an endpoint that acts for the seller of the listing named by its <c>{id}</c> route value.</summary>
    public static readonly Scope FromListing = new(Owner: false, Listing: true);

    private static readonly object Key = new();

    public sealed record Scope(bool Owner, bool Listing);

    /// <summary>The seller the filter found; only valid inside a handler of the dashboard group.</summary>
    public static Seller Of(HttpContext http) =>
        http.Items[Key] as Seller ?? throw new InvalidOperationException("the dashboard's seller filter did not run for this endpoint");

    public static async ValueTask<object?> FilterAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var tenant = http.Features.Get<Tenant>() ?? throw new InvalidOperationException("the dashboard needs a resolved tenant");
        var caller = Caller.From(http);
        if (!caller.IsAuthenticated)
        {
            return SignInFirst(http);
        }

        if (http.Features.Get<Microsoft.AspNetCore.Antiforgery.IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            return new RazorComponentResult<Accounts.Web.MessagePage>(new
            {
                Tenant = tenant,
                Title = "Form expired",
                Message = "This form was not sent from its page, or the page is too old. Go back, reload it and send it again.",
            })
            { StatusCode = StatusCodes.Status400BadRequest };
        }

        var scope = http.GetEndpoint()?.Metadata.GetMetadata<Scope>() ?? new Scope(Owner: false, Listing: false);
        var database = http.RequestServices.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync(http.RequestAborted);
        long? id;
        if (scope.Listing)
        {
            var listingId = long.Parse((string)http.GetRouteValue("id")!, CultureInfo.InvariantCulture);
            var listing = await ListingStore.FindAsync(connection, null, tenant.Id, listingId);
            if (listing is null || !caller.CanManage(listing.SellerId))
            {
                return Storefront.StorefrontEndpoints.NotFoundPage(tenant, $"Listing {listingId} does not exist.");
            }

            id = listing.SellerId;
        }
        else
        {
            id = RequestedSeller(http) ?? (caller.Sellers.Count > 0 ? caller.Sellers.Min() : null);
            if (id is null && caller.IsAdmin)
            {
                return Results.Redirect("/admin/sellers"); // administrators open a seller's dashboard from there
            }

            if (id is null)
            {
                return Storefront.StorefrontEndpoints.NotFoundPage(tenant, "Your account does not sell yet. Create a seller account to list items.");
            }
        }

        var allowed = scope.Owner ? caller.CanOwn(id.Value) : caller.CanManage(id.Value);
        var seller = allowed ? await SellerStore.FindAsync(connection, null, tenant.Id, id.Value) : null;
        if (seller is null)
        {
            return Storefront.StorefrontEndpoints.NotFoundPage(tenant, "No such seller.");
        }

        http.Items[Key] = seller;
        return await next(context);
    }

    /// <summary>The <c>?seller=</c> of the request; a value that is not a number names no seller of the caller.</summary>
    private static long? RequestedSeller(HttpContext http)
    {
        var raw = http.Request.Query["seller"];
        if (raw.Count == 0 || string.IsNullOrEmpty(raw[0]))
        {
            return null;
        }

        return long.TryParse(raw[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0;
    }

    public static IResult SignInFirst(HttpContext http) =>
        Results.Redirect($"/account/login?returnUrl={Uri.EscapeDataString(http.Request.Path + http.Request.QueryString)}");
}

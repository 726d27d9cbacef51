using System.Globalization;
using Mercato.Server.Accounts;
using Mercato.Server.Accounts.Web;
using Mercato.Server.Infrastructure;
using Mercato.Server.Orders;
using Mercato.Server.Pages.Storefront;
using Mercato.Server.Sellers;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Pages.Shop;

/// <summary>
/// The buyer's pages: cart, checkout, the purchase confirmation and the buyer's orders. They call the same code as the
/// JSON API (<see cref="CartEndpoints"/>, <see cref="Checkout.PlaceAsync"/>, <see cref="OrderTransitions"/>). A guest
/// is known by the cart cookie (random, HttpOnly, 30 days, only its hash stored), so a guest sees their purchase and
/// orders in the browser they bought with and nowhere else; a signed-in buyer sees theirs everywhere.
/// </summary>
internal static class ShopEndpoints
{
    public static IEndpointRouteBuilder MapShopEndpoints(this IEndpointRouteBuilder routes)
    {
        // Form posts read the form themselves, so the antiforgery check is asked for on the group and its answer is
        // turned into a page by the filter (as on the dashboard).
        var shop = routes.MapGroup("").ExcludeFromDescription()
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .AddEndpointFilter(RefuseForgedForms);
        shop.MapGet("/cart", CartAsync);
        shop.MapPost("/cart/lines", AddAsync);
        shop.MapPost("/cart/lines/{listingId:long}", UpdateAsync);
        shop.MapPost("/cart/lines/{listingId:long}/remove", RemoveAsync);
        shop.MapGet("/checkout", CheckoutAsync);
        shop.MapPost("/checkout", PlaceAsync);
        shop.MapGet("/purchases/{id:long}", PurchaseAsync);
        shop.MapGet("/orders", OrdersAsync);
        shop.MapGet("/orders/{id:long}", OrderAsync);
        shop.MapPost("/orders/{id:long}/{transition}", FireAsync);
        return routes;
    }

    private static async ValueTask<object?> RefuseForgedForms(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Features.Get<IAntiforgeryValidationFeature>() is { IsValid: false })
        {
            return FormExpired(http.Features.Get<Tenant>()!);
        }

        return await next(context);
    }

    internal static IResult FormExpired(Tenant tenant) =>
        new RazorComponentResult<MessagePage>(new
        {
            Tenant = tenant,
            Title = "Form expired",
            Message = "This form was not sent from its page, or the page is too old. Go back, reload it and send it again.",
        })
        { StatusCode = StatusCodes.Status400BadRequest };

    internal static ShopFrame Frame(HttpContext http, Tenant tenant, string? notice, string? error)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return new ShopFrame(tenant, PageContext.Nav(http), tokens.FormFieldName, tokens.RequestToken!, notice, error);
    }

    /// <summary>A problem of the shared code as one sentence for a page.</summary>
    internal static string Message(ProblemHttpResult problem) =>
        problem.ProblemDetails is HttpValidationProblemDetails { Errors.Count: > 0 } validation
            ? string.Join(" ", validation.Errors.Select(e => $"{ListingFacts.Humanise(e.Key)}: {string.Join("; ", e.Value)}."))
            : problem.ProblemDetails.Detail ?? problem.ProblemDetails.Title ?? "That did not work.";

    private static RazorComponentResult<TComponent> Render<TComponent>(object model, int status = 200)
        where TComponent : Microsoft.AspNetCore.Components.IComponent =>
        new(new { Model = model }) { StatusCode = status };

    private static async Task<IResult> CartAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, CartStore carts, IOptions<OrdersOptions> options, string? notice, string? error, CancellationToken ct)
    {
        var cart = (await CartEndpoints.GetAsync(http, tenant, caller, database, carts, ct)).Value!;
        return await CartPageAsync(http, tenant, database, options.Value, cart, notice, error, 200, ct);
    }

    private static async Task<IResult> CartPageAsync(
        HttpContext http, Tenant tenant, Database database, OrdersOptions options, CartView cart, string? notice, string? error, int status, CancellationToken ct)
    {
        var oneOfAKind = new HashSet<long>();
        await using (var connection = await database.OpenAsync(ct))
        {
            foreach (var line in cart.Lines)
            {
                if (await CartStore.FindListingAsync(connection, null, tenant.Id, line.ListingId) is { } listing && CartStore.IsOneOfAKind(listing))
                {
                    oneOfAKind.Add(line.ListingId);
                }
            }
        }

        return Render<CartPage>(new CartPageModel(Frame(http, tenant, notice, error), cart, oneOfAKind, options.MaxQuantity), status);
    }

    private static async Task<IResult> AddAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, CartStore carts, IOptions<OrdersOptions> options, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        if (!long.TryParse(form["listingId"], NumberStyles.None, CultureInfo.InvariantCulture, out var listingId))
        {
            return StorefrontEndpoints.NotFoundPage(tenant, "There is no such listing.");
        }

        var quantity = Quantity(form["quantity"]);
        var result = await CartEndpoints.SetAsync(http, tenant, caller, database, carts, options.Value, listingId, quantity, add: true, ct);
        if (result.Result is ProblemHttpResult problem)
        {
            return problem.StatusCode == StatusCodes.Status404NotFound
                ? StorefrontEndpoints.NotFoundPage(tenant, "This listing is no longer for sale.")
                : Results.Redirect($"/listings/{listingId}?error={Uri.EscapeDataString(Message(problem))}#buy");
        }

        return Results.Redirect($"/cart?notice={Uri.EscapeDataString("Added to your cart.")}");
    }

    private static async Task<IResult> UpdateAsync(
        long listingId, HttpContext http, Tenant tenant, Caller caller, Database database, CartStore carts, IOptions<OrdersOptions> options, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var result = await CartEndpoints.SetAsync(http, tenant, caller, database, carts, options.Value, listingId, Quantity(form["quantity"]), add: false, ct);
        return result.Result is ProblemHttpResult problem
            ? Results.Redirect($"/cart?error={Uri.EscapeDataString(Message(problem))}")
            : Results.Redirect($"/cart?notice={Uri.EscapeDataString("Quantity updated.")}");
    }

    private static async Task<IResult> RemoveAsync(
        long listingId, HttpContext http, Tenant tenant, Caller caller, Database database, CartStore carts, CancellationToken ct)
    {
        _ = await http.Request.ReadFormAsync(ct);
        var result = await CartEndpoints.RemoveAsync(listingId, http, tenant, caller, database, carts, ct);
        return result.Result is ProblemHttpResult problem
            ? Results.Redirect($"/cart?error={Uri.EscapeDataString(Message(problem))}")
            : Results.Redirect($"/cart?notice={Uri.EscapeDataString("Removed from your cart.")}");
    }

    /// <summary>A quantity typed into a form; what is not a whole number becomes 0, which the cart refuses with its reason.</summary>
    private static long Quantity(string? raw) =>
        long.TryParse(raw?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var quantity) ? quantity : 0;

    private static Task<IResult> CheckoutAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, Checkout checkout, string? country, string? region, CancellationToken ct) =>
        CheckoutPageAsync(http, tenant, caller, database, checkout, new CheckoutRequest(null, country ?? "US", region), [], new Dictionary<string, string>(), null, 200, ct);

    private static async Task<IResult> PlaceAsync(HttpContext http, Tenant tenant, Caller caller, Database database, Checkout checkout, CancellationToken ct)
    {
        var form = await http.Request.ReadFormAsync(ct);
        var request = new CheckoutRequest(Trimmed(form["email"]), Trimmed(form["country"]), Trimmed(form["region"]));
        var buyer = Buyer.From(http, caller);
        if (form["action"] == "quote")
        {
            var errors = Checkout.Validate(request, buyer);
            errors.Remove("email"); // a quote needs the address, not yet the e-mail
            return await CheckoutPageAsync(http, tenant, caller, database, checkout, request, [], Flatten(errors), null, errors.Count > 0 ? 400 : 200, ct);
        }

        var outcome = await checkout.PlaceAsync(http, tenant, buyer, request, ct);
        if (outcome.Purchase is { } purchase)
        {
            // A hosted payment page (Stripe) comes first; the manual provider has none and the buyer sees the purchase.
            return Results.Redirect(purchase.Payment.RedirectUrl ?? $"/purchases/{purchase.PurchaseId}");
        }

        var problem = outcome.Problem!;
        var fields = problem.ProblemDetails is HttpValidationProblemDetails validation ? Flatten(validation.Errors) : new Dictionary<string, string>();
        var error = outcome.Changes.Count > 0
            ? "Prices changed since you added these items. Your cart now has the new prices; place the order again to accept them."
            : fields.Count > 0 ? "Please correct the fields marked below." : Message(problem);
        if (fields.ContainsKey("cart"))
        {
            return Results.Redirect($"/cart?error={Uri.EscapeDataString("Your cart is empty.")}");
        }

        return await CheckoutPageAsync(http, tenant, caller, database, checkout, request, outcome.Changes, fields, error, problem.StatusCode, ct);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Dictionary<string, string> Flatten(IDictionary<string, string[]> errors) =>
        errors.ToDictionary(e => e.Key, e => string.Join("; ", e.Value), StringComparer.Ordinal);

    private static async Task<IResult> CheckoutPageAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, Checkout checkout, CheckoutRequest request,
        IReadOnlyList<PriceChange> changes, Dictionary<string, string> errors, string? error, int status, CancellationToken ct)
    {
        var buyer = Buyer.From(http, caller);
        var country = request.Country?.Trim().ToUpperInvariant() ?? "US";
        var valid = !errors.ContainsKey("country") && country.Length == 2 && country.All(char.IsAsciiLetterUpper);
        var (cart, quotes) = await checkout.PreviewAsync(tenant, buyer, valid ? country : "US", request.Region?.Trim().ToUpperInvariant(), ct);
        if (cart.Lines.Count == 0 && changes.Count == 0)
        {
            return Results.Redirect("/cart");
        }

        await using var connection = await database.OpenAsync(ct);
        var names = await SellerAdminQueries.NamesAsync(connection, database, tenant.Id, quotes.Select(q => q.SellerId));
        var rows = quotes.Select(q => new QuoteRow(names.GetValueOrDefault(q.SellerId, "?"), q.Process.Name, q.Subtotal, q.Tax, q.Shipping, q.Total)).ToList();
        var model = new CheckoutPageModel(
            Frame(http, tenant, null, error), cart, buyer.UserId is null, request.Email, country, request.Region, rows, changes, errors);
        return Render<CheckoutPage>(model, status);
    }

    private static async Task<IResult> PurchaseAsync(
        long id, HttpContext http, Tenant tenant, Caller caller, Database database, OrderCommands commands, IOptions<OrdersOptions> options, CancellationToken ct)
    {
        var cards = await BuyerCardsAsync(http, tenant, caller, database, commands, id, null, ct);
        return cards.Count == 0
            ? StorefrontEndpoints.NotFoundPage(tenant, $"Purchase {id} does not exist, or was made in another browser: sign in, or open it where you bought.")
            : Render<PurchasePage>(new PurchasePageModel(Frame(http, tenant, null, null), id, cards, options.Value.CheckoutHold));
    }

    private static async Task<IResult> OrdersAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, OrderCommands commands, CancellationToken ct)
    {
        var cards = await BuyerCardsAsync(http, tenant, caller, database, commands, null, null, ct);
        return Render<BuyerOrdersPage>(new BuyerOrdersModel(Frame(http, tenant, null, null), cards, caller.UserId is not null));
    }

    private static async Task<IResult> OrderAsync(
        long id, HttpContext http, Tenant tenant, Caller caller, Database database, OrderCommands commands, IOptions<OrdersOptions> options,
        string? notice, string? error, CancellationToken ct)
    {
        var cards = await BuyerCardsAsync(http, tenant, caller, database, commands, null, id, ct);
        var card = cards.Count > 0 ? cards[0] : null;
        return card is null
            ? StorefrontEndpoints.NotFoundPage(tenant, $"Order {id} does not exist.")
            : Render<BuyerOrderPage>(new BuyerOrderModel(Frame(http, tenant, notice, error), card, options.Value.CheckoutHold));
    }

    private static async Task<IResult> FireAsync(
        long id, string transition, HttpContext http, Tenant tenant, Caller caller, OrderCommands commands, CancellationToken ct)
    {
        _ = await http.Request.ReadFormAsync(ct);
        var buyer = Buyer.From(http, caller);
        if (!buyer.IsKnown)
        {
            return StorefrontEndpoints.NotFoundPage(tenant, $"Order {id} does not exist.");
        }

        var problem = await commands.FireAsync(
            tenant.Id, id, o => buyer.Owns(o.BuyerUserId, o.BuyerTokenHash), Actor.Buyer, buyer.Scope, new OrderCommand(transition), ct);
        if (problem?.StatusCode == StatusCodes.Status404NotFound)
        {
            return StorefrontEndpoints.NotFoundPage(tenant, $"Order {id} does not exist.");
        }

        return Results.Redirect(problem is null
            ? $"/orders/{id}?notice={Uri.EscapeDataString($"Done: {OrderText.Action(transition).ToLowerInvariant()}.")}"
            : $"/orders/{id}?error={Uri.EscapeDataString(Message(problem))}");
    }

    /// <summary>The buyer's orders (all, one purchase's, or one), with seller names; none for a visitor the server does not know.</summary>
    private static async Task<IReadOnlyList<OrderCard>> BuyerCardsAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, OrderCommands commands, long? purchaseId, long? orderId, CancellationToken ct)
    {
        var buyer = Buyer.From(http, caller);
        if (!buyer.IsKnown)
        {
            return [];
        }

        await using var connection = await database.OpenAsync(ct);
        IReadOnlyList<Order> orders;
        if (orderId is { } one)
        {
            var order = await OrderStore.FindAsync(connection, null, tenant.Id, one);
            orders = order is not null && buyer.Owns(order.BuyerUserId, order.BuyerTokenHash) ? [order] : [];
        }
        else
        {
            orders = await OrderStore.ListAsync(connection, tenant.Id, null, buyer.UserId ?? -1, buyer.TokenHash ?? "-", purchaseId, null, null, 200);
        }

        return await CardsAsync(connection, database, tenant.Id, orders, [Actor.Buyer], commands);
    }

    internal static async Task<IReadOnlyList<OrderCard>> CardsAsync(
        System.Data.Common.DbConnection connection, Database database, long tenantId, IReadOnlyList<Order> orders, IReadOnlyCollection<Actor> actors, OrderCommands commands)
    {
        var names = await SellerAdminQueries.NamesAsync(connection, database, tenantId, orders.Select(o => o.SellerId));
        var cards = new List<OrderCard>(orders.Count);
        foreach (var order in orders)
        {
            var view = await OrderView.LoadAsync(connection, null, order, actors);
            cards.Add(new OrderCard(view, names.GetValueOrDefault(order.SellerId, "?"), commands.PaidByHand(order.Provider)));
        }

        return cards;
    }
}

using Dapper;
using Mercato.Server.Accounts;
using Mercato.Server.Infrastructure;
using Mercato.Server.Payments;
using Mercato.Server.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Orders;

/// <summary><see cref="Payment"/>: how an online provider takes the money, <c>checkout</c> (hosted page, default) or <c>intent</c> (API buyers confirm a PaymentIntent).</summary>
internal sealed record CheckoutRequest(string? Email, string? Country, string? Region, string? Payment = null);

public sealed record PriceChange(long ListingId, string Title, long OldAmount, long NewAmount, string Currency);

public sealed record PurchaseView(long PurchaseId, string Currency, long Total, PaymentStart Payment, IReadOnlyList<OrderView> Orders);

/// <summary>What a checkout came to: the purchase, or the price changes the buyer must confirm, or the problem that stopped it.</summary>
internal sealed record CheckoutOutcome(PurchaseView? Purchase, IReadOnlyList<PriceChange> Changes, ProblemHttpResult? Problem)
{
    public static CheckoutOutcome Refused(ProblemHttpResult problem) => new(null, [], problem);
}

/// <summary>
/// Checkout: the cart becomes one purchase and one order per seller (and process), with prices, tax, shipping and the
/// platform fee snapshotted, stock reserved and the timers that release it scheduled — in one transaction. The API and
/// the checkout page both call <see cref="PlaceAsync"/>; each reads its own request and answers in its own way.
/// </summary>
internal sealed class Checkout(
    Database database, CartStore carts, CheckoutPricing pricing, OrderTransitions transitions, PaymentProviders providers, Outbox outbox,
    IOptions<OrdersOptions> options, TimeProvider time, ILogger<Checkout> logger)
{
    public static async Task<Results<Created<PurchaseView>, ProblemHttpResult>> HandleAsync(
        HttpContext http, Tenant tenant, Caller caller, Checkout checkout, CancellationToken cancellationToken)
    {
        var (request, problem) = await RequestBody.ReadAsync<CheckoutRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var outcome = await checkout.PlaceAsync(http, tenant, Buyer.From(http, caller), request!, cancellationToken);
        return outcome.Purchase is { } purchase
            ? TypedResults.Created($"/api/orders?purchaseId={purchase.PurchaseId}", purchase)
            : outcome.Problem!;
    }

    /// <summary>Field errors of a checkout request, empty when it may go ahead.</summary>
    public static Dictionary<string, string[]> Validate(CheckoutRequest request, Buyer buyer)
    {
        var errors = new Dictionary<string, string[]>();
        var country = request.Country?.Trim().ToUpperInvariant();
        if (country is not { Length: 2 } || !country.All(char.IsAsciiLetterUpper))
        {
            errors["country"] = ["must be the ISO 3166-1 alpha-2 code of the buyer's country"];
        }

        if (buyer.UserId is null && (request.Email?.Trim() is not { Length: >= 3 and <= 254 } email || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace)))
        {
            errors["email"] = ["a guest checkout needs the buyer's e-mail address"];
        }

        if (request.Payment is not (null or "checkout" or "intent"))
        {
            errors["payment"] = ["must be checkout (a hosted payment page) or intent (a PaymentIntent to confirm)"];
        }

        return errors;
    }

    /// <summary>
    /// The cart and the orders it would become for this address (tax, shipping), without placing them; the checkout page
    /// shows it. Listings no longer for sale are left out here and refused by <see cref="PlaceAsync"/>.
    /// </summary>
    public async Task<(CartView Cart, IReadOnlyList<OrderQuote> Quotes)> PreviewAsync(Tenant tenant, Buyer buyer, string country, string? region, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var cartId = buyer.IsKnown ? await carts.FindAsync(connection, transaction, tenant.Id, buyer, create: false) : null;
        var cart = await CartEndpoints.ViewAsync(connection, transaction, tenant.Id, cartId, null);
        var lines = cartId is null ? [] : await CartStore.LinesAsync(connection, transaction, cartId.Value);
        var priced = new List<(CartLine Line, BuyableListing Listing)>();
        foreach (var line in lines)
        {
            if (await CartStore.FindListingAsync(connection, transaction, tenant.Id, line.ListingId) is { PriceCurrency: var currency } listing && currency == line.Currency)
            {
                priced.Add((line, listing));
            }
        }

        var quotes = priced.Count == 0 ? [] : await pricing.QuoteAsync(connection, transaction, tenant.Id, country, region, lines[0].Currency, priced);
        await transaction.CommitAsync(cancellationToken);
        return (cart, quotes);
    }

    /// <summary>Places the order; <paramref name="http"/> gives the storefront's address the payment pages return to.</summary>
    public async Task<CheckoutOutcome> PlaceAsync(HttpContext http, Tenant tenant, Buyer buyer, CheckoutRequest request, CancellationToken cancellationToken)
    {
        var errors = Validate(request, buyer);
        if (errors.Count > 0)
        {
            return CheckoutOutcome.Refused(Problems.Validation(errors));
        }

        var country = request.Country!.Trim().ToUpperInvariant();
        var provider = await providers.ForTenantAsync(tenant.Id, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var cartId = buyer.IsKnown ? await carts.FindAsync(connection, transaction, tenant.Id, buyer, create: false) : null;
        var lines = cartId is null ? [] : await CartStore.CheckoutLinesAsync(connection, transaction, tenant.Id, cartId.Value);
        if (lines.Count == 0)
        {
            return CheckoutOutcome.Refused(Problems.Field("cart", "is empty"));
        }

        var buyerEmail = buyer.UserId is { } userId
            ? await connection.ExecuteScalarAsync<string>("SELECT email FROM users WHERE tenant_id = @tenantId AND id = @userId", new { tenantId = tenant.Id, userId }, transaction)
            : request.Email!.Trim();
        var priced = new List<(CartLine Line, BuyableListing Listing)>();
        var changes = new List<PriceChange>();
        foreach (var (line, listing) in lines)
        {
            if (listing?.PriceAmount is not { } price || listing.PriceCurrency != line.Currency)
            {
                return CheckoutOutcome.Refused(Problems.Conflict("Listing no longer for sale", $"Listing {line.ListingId} is no longer for sale in {line.Currency}; remove it from the cart."));
            }

            if (price != line.UnitAmount)
            {
                changes.Add(new PriceChange(listing.Id, listing.Title, line.UnitAmount, price, line.Currency));
                await CartStore.RepriceAsync(connection, transaction, cartId!.Value, listing.Id, price);
            }

            priced.Add((line, listing));
        }

        if (changes.Count > 0)
        {
            // The cart now shows the new prices; checking out again is the buyer's confirmation.
            await transaction.CommitAsync(cancellationToken);
            return new CheckoutOutcome(null, changes, TypedResults.Problem(
                title: "Prices changed",
                detail: $"{changes.Count} price(s) changed since they were added to the cart; the cart shows the new prices. Check out again to accept them.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["changes"] = changes }));
        }

        var currency = priced[0].Line.Currency;
        var quotes = await pricing.QuoteAsync(connection, transaction, tenant.Id, country, request.Region?.Trim().ToUpperInvariant(), currency, priced);

        // Stock first, so that a sold-out line costs no other write; in listing order, so that two checkouts holding
        // the same listings lock their stock rows in the same order and never deadlock.
        var tracked = new HashSet<long>();
        foreach (var line in quotes.SelectMany(q => q.Lines).OrderBy(l => l.Listing.Id))
        {
            var (ok, isTracked) = await Inventory.ReserveAsync(connection, transaction, tenant.Id, line.Listing, line.Quantity);
            if (!ok)
            {
                return CheckoutOutcome.Refused(Problems.Conflict("Out of stock", $"Listing {line.Listing.Id} ('{line.Listing.Title}') does not have {line.Quantity} unit(s) left."));
            }

            if (isTracked)
            {
                tracked.Add(line.Listing.Id);
            }
        }

        // Microseconds, as PostgreSQL keeps them: the response shows what a later read shows.
        var now = time.GetUtcNow();
        now = now.AddTicks(-(now.Ticks % 10));
        var total = quotes.Sum(q => q.Total);
        var purchaseId = await CheckoutWrites.InsertPurchaseAsync(connection, transaction, tenant.Id, buyer, buyerEmail!, currency, total, country, request.Region ?? "", now);
        var orders = await CheckoutWrites.InsertOrdersAsync(connection, transaction, tenant.Id, purchaseId, buyer, buyerEmail!, provider.Name, currency, quotes, now);
        var holdUntil = (now + options.Value.CheckoutHold).ToUnixTimeMilliseconds();
        await CheckoutWrites.InsertDetailsAsync(connection, transaction, tenant.Id, orders, tracked, holdUntil, "buyer", buyer.Scope, cartId!.Value, now);
        foreach (var order in orders)
        {
            await transitions.ScheduleTimersAsync(connection, transaction, tenant.Id, order.Id, order.Quote.Process, order.Quote.Process.Initial, cancellationToken);
        }

        var orderIds = orders.Select(o => o.Id).ToList();
        await outbox.SendAsync(connection, transaction, tenant.Id, buyerEmail!, $"Order placed: {OrderMails.Money(total, currency)}",
            $"Thank you. Your purchase {purchaseId} is placed as order(s) {string.Join(", ", orderIds)}, {OrderMails.Money(total, currency)} in all. "
            + (provider.ConfirmsByHand ? "The seller confirms your payment when it arrives." : "Complete the payment to confirm it."));
        var views = orders.Select(o => View(o, purchaseId, buyerEmail!, provider.Name, currency, now)).ToList();

        await transaction.CommitAsync(cancellationToken);
        OrdersLog.CheckedOut(logger, purchaseId, tenant.Id, orderIds.Count, total, currency);

        // Only now, with the purchase committed, is the processor called: no transaction waits on the network.
        var payment = await PurchasePayment.StartAsync(
            provider, http, tenant.Id, purchaseId, currency, buyerEmail!, request.Payment ?? "checkout", quotes.Select((q, i) => (orderIds[i], q.SellerId, q.Process.Name, q.Total, q.Tax, q.Fee)).ToList(), logger, cancellationToken);
        return new CheckoutOutcome(new PurchaseView(purchaseId, currency, total, payment, views), [], null);
    }

    /// <summary>The new order as <see cref="OrderView.LoadAsync"/> would read it back, built from what was written.</summary>
    private static OrderView View(PlacedOrder order, long purchaseId, string buyerEmail, string provider, string currency, DateTimeOffset now)
    {
        var (q, state) = (order.Quote, order.Quote.Process.Initial);
        var allowed = q.Process.From(state).Where(t => t.By.Contains(Actor.Buyer)).Select(t => t.Name).ToList();
        return new OrderView(
            order.Id, purchaseId, q.SellerId, q.Process.Name, state, provider, currency, q.Subtotal, q.Tax, q.Shipping, q.Total, q.Fee, 0, 0, null, buyerEmail, now,
            q.Lines.Select(l => new OrderLine(l.Listing.Id, l.Listing.Title, l.Quantity, l.UnitAmount)).ToList(),
            [new TransitionView("place", null, state, "buyer", null, now)],
            allowed);
    }
}

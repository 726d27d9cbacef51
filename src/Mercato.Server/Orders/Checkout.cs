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

internal sealed record PriceChange(long ListingId, string Title, long OldAmount, long NewAmount, string Currency);

internal sealed record PurchaseView(long PurchaseId, string Currency, long Total, PaymentStart Payment, IReadOnlyList<OrderView> Orders);

/// <summary>
/// Checkout: the cart becomes one purchase and one order per seller (and process), with prices, tax, shipping and the
/// platform fee snapshotted, stock reserved and the timers that release it scheduled — in one transaction.
/// </summary>
internal static class Checkout
{
    public static async Task<Results<Created<PurchaseView>, ProblemHttpResult>> HandleAsync(
        HttpContext http, Tenant tenant, Caller caller, Database database, CartStore carts, CheckoutPricing pricing, OrderTransitions transitions,
        PaymentProviders providers, Outbox outbox, IOptions<OrdersOptions> options, TimeProvider time, ILogger<CartStore> logger, CancellationToken cancellationToken)
    {
        var (request, problem) = await RequestBody.ReadAsync<CheckoutRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        var country = request!.Country?.Trim().ToUpperInvariant();
        if (country is not { Length: 2 } || !country.All(char.IsAsciiLetterUpper))
        {
            errors["country"] = ["must be the ISO 3166-1 alpha-2 code of the buyer's country"];
        }

        var buyer = Buyer.From(http, caller);
        if (buyer.UserId is null && (request.Email is not { Length: >= 3 and <= 254 } email || !email.Contains('@', StringComparison.Ordinal) || email.Any(char.IsWhiteSpace)))
        {
            errors["email"] = ["a guest checkout needs the buyer's e-mail address"];
        }

        if (request.Payment is not (null or "checkout" or "intent"))
        {
            errors["payment"] = ["must be checkout (a hosted payment page) or intent (a PaymentIntent to confirm)"];
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var provider = await providers.ForTenantAsync(tenant.Id, cancellationToken);
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await Database.BeginWriteAsync(connection, cancellationToken);
        var cartId = buyer.IsKnown ? await carts.FindAsync(connection, transaction, tenant.Id, buyer, create: false) : null;
        var lines = cartId is null ? [] : await CartStore.LinesAsync(connection, transaction, cartId.Value);
        if (lines.Count == 0)
        {
            return Problems.Field("cart", "is empty");
        }

        var buyerEmail = buyer.UserId is { } userId
            ? await connection.ExecuteScalarAsync<string>("SELECT email FROM users WHERE tenant_id = @tenantId AND id = @userId", new { tenantId = tenant.Id, userId }, transaction)
            : request.Email!.Trim();
        var priced = new List<(CartLine Line, BuyableListing Listing)>();
        var changes = new List<PriceChange>();
        foreach (var line in lines)
        {
            var listing = await CartStore.FindListingAsync(connection, transaction, tenant.Id, line.ListingId);
            if (listing?.PriceAmount is not { } price || listing.PriceCurrency != line.Currency)
            {
                return Problems.Conflict("Listing no longer for sale", $"Listing {line.ListingId} is no longer for sale in {line.Currency}; remove it from the cart.");
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
            return TypedResults.Problem(
                title: "Prices changed",
                detail: $"{changes.Count} price(s) changed since they were added to the cart; the cart shows the new prices. Check out again to accept them.",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["changes"] = changes });
        }

        var currency = lines[0].Currency;
        var quotes = await pricing.QuoteAsync(connection, transaction, tenant.Id, country!, request.Region?.Trim().ToUpperInvariant(), currency, priced);
        var now = time.GetUtcNow();
        var purchaseId = await connection.ExecuteScalarAsync<long>(
            """
            INSERT INTO purchases (tenant_id, buyer_user_id, buyer_token_hash, buyer_email, currency, total, country, region, created_at)
            VALUES (@tenantId, @UserId, @TokenHash, @buyerEmail, @currency, @total, @country, @region, @now) RETURNING id
            """,
            new { tenantId = tenant.Id, buyer.UserId, buyer.TokenHash, buyerEmail, currency, total = quotes.Sum(q => q.Total), country, region = request.Region ?? "", now },
            transaction);
        var holdUntil = (now + options.Value.CheckoutHold).ToUnixTimeMilliseconds();
        var orderIds = new List<long>();
        foreach (var quote in quotes)
        {
            var orderId = await connection.ExecuteScalarAsync<long>(
                """
                INSERT INTO orders (tenant_id, purchase_id, seller_id, buyer_user_id, buyer_token_hash, buyer_email, process, state, provider, currency,
                                    subtotal, tax, shipping, total, platform_fee, paid, refunded, version, created_at, updated_at)
                VALUES (@tenantId, @purchaseId, @SellerId, @UserId, @TokenHash, @buyerEmail, @process, @state, @provider, @currency,
                        @Subtotal, @Tax, @Shipping, @Total, @Fee, 0, 0, 1, @now, @now) RETURNING id
                """,
                new
                {
                    tenantId = tenant.Id,
                    purchaseId,
                    quote.SellerId,
                    buyer.UserId,
                    buyer.TokenHash,
                    buyerEmail,
                    process = quote.Process.Name,
                    state = quote.Process.Initial,
                    provider = provider.Name,
                    currency,
                    quote.Subtotal,
                    quote.Tax,
                    quote.Shipping,
                    quote.Total,
                    quote.Fee,
                    now,
                },
                transaction);
            foreach (var line in quote.Lines)
            {
                var (ok, tracked) = await Inventory.ReserveAsync(connection, transaction, tenant.Id, line.Listing, line.Quantity);
                if (!ok)
                {
                    return Problems.Conflict("Out of stock", $"Listing {line.Listing.Id} ('{line.Listing.Title}') does not have {line.Quantity} unit(s) left.");
                }

                await connection.ExecuteAsync(
                    """
                    INSERT INTO order_lines (tenant_id, order_id, listing_id, category_id, title, quantity, unit_amount, stock_held)
                    VALUES (@tenantId, @orderId, @Id, @CategoryId, @Title, @quantity, @unit, @held)
                    """,
                    new { tenantId = tenant.Id, orderId, line.Listing.Id, line.Listing.CategoryId, line.Listing.Title, quantity = line.Quantity, unit = line.UnitAmount, held = tracked ? 1 : 0 },
                    transaction);
                if (tracked)
                {
                    await connection.ExecuteAsync(
                        "INSERT INTO stock_reservations (tenant_id, order_id, listing_id, quantity, state, expires_at) VALUES (@tenantId, @orderId, @Id, @quantity, 'held', @holdUntil)",
                        new { tenantId = tenant.Id, orderId, line.Listing.Id, quantity = line.Quantity, holdUntil }, transaction);
                }
            }

            await OrderTransitions.RecordAsync(connection, transaction, tenant.Id, orderId, "place", null, quote.Process.Initial, Actor.Buyer, buyer.Scope, null, now);
            await transitions.ScheduleTimersAsync(connection, transaction, tenant.Id, orderId, quote.Process, quote.Process.Initial, cancellationToken);
            orderIds.Add(orderId);
        }

        var total = quotes.Sum(q => q.Total);
        await outbox.SendAsync(connection, transaction, tenant.Id, buyerEmail!, $"Order placed: {OrderMails.Money(total, currency)}",
            $"Thank you. Your purchase {purchaseId} is placed as order(s) {string.Join(", ", orderIds)}, {OrderMails.Money(total, currency)} in all. "
            + (provider.ConfirmsByHand ? "The seller confirms your payment when it arrives." : "Complete the payment to confirm it."));
        await CartStore.ClearAsync(connection, transaction, cartId!.Value);
        var views = new List<OrderView>();
        foreach (var orderId in orderIds)
        {
            var order = (await OrderStore.FindAsync(connection, transaction, tenant.Id, orderId))!;
            views.Add(await OrderView.LoadAsync(connection, transaction, order, [Actor.Buyer]));
        }

        await transaction.CommitAsync(cancellationToken);
        OrdersLog.CheckedOut(logger, purchaseId, tenant.Id, orderIds.Count, total, currency);

        // Only now, with the purchase committed, is the processor called: no transaction waits on the network.
        var payment = await PurchasePayment.StartAsync(
            provider, http, tenant.Id, purchaseId, currency, buyerEmail!, request.Payment ?? "checkout", quotes.Select((q, i) => (orderIds[i], q.SellerId, q.Process.Name, q.Total, q.Tax, q.Fee)).ToList(), logger, cancellationToken);
        return TypedResults.Created($"/api/orders?purchaseId={purchaseId}", new PurchaseView(purchaseId, currency, total, payment, views));
    }
}

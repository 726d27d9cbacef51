using Mercato.Server.Infrastructure;
using Mercato.Server.Payments;

namespace Mercato.Server.Orders;

internal static class OrdersEndpoints
{
    private const string Idempotent = " Send `Idempotency-Key` to make a retry safe: the same key and body answer the first response again, another body is 400, and while the first still runs 409; keys are kept 24 hours.";

    public static IEndpointRouteBuilder MapOrdersEndpoints(this IEndpointRouteBuilder routes)
    {
        var cart = routes.MapGroup("/api/cart").WithTags("Cart");
        cart.MapGet("/", CartEndpoints.GetAsync)
            .WithSummary("Read the cart")
            .WithDescription("The signed-in buyer's cart, or a guest's by the cart cookie or `X-Cart-Token` header. A guest cart is merged into the account's at sign-in. `priceChanged` marks lines whose listing price moved since they were added.");
        cart.MapPost("/lines", CartEndpoints.AddAsync)
            .WithSummary("Add a listing to the cart")
            .WithDescription("Adds `quantity` (1 to the configured maximum; a vehicle is one of a kind) of a listing for sale. One cart holds one currency. A guest's first add answers `cartToken` (also set as a cookie).")
            .Accepts<CartLineRequest>("application/json");
        cart.MapPut("/lines/{listingId:long}", CartEndpoints.UpdateAsync)
            .WithSummary("Set a line's quantity")
            .Accepts<CartQuantityRequest>("application/json");
        cart.MapDelete("/lines/{listingId:long}", CartEndpoints.RemoveAsync).WithSummary("Remove a line from the cart");

        routes.MapPost("/api/checkout", Checkout.HandleAsync)
            .WithTags("Cart")
            .WithSummary("Check out the cart")
            .WithDescription("Creates one purchase and one order per seller with prices, tax (`country`, optional `region`), shipping and fees snapshotted, and reserves stock for the configured hold. Guests send `email`. 409 with `changes` when prices moved (the cart now has the new prices: check out again to accept), 409 when out of stock." + Idempotent)
            .Accepts<CheckoutRequest>("application/json")
            .WithIdempotency();

        routes.MapPost("/api/purchases/{id:long}/payment", PurchasePayment.HandleAsync)
            .WithTags("Cart")
            .WithSummary("Start (or resume) paying a purchase online")
            .WithDescription("For a purchase awaiting payment through an online provider: the hosted payment page (`payment` checkout, default) or a PaymentIntent's `clientSecret` (`payment` intent). Safe to repeat: the same page or intent is answered again." + Idempotent)
            .Accepts<PurchasePaymentBody>("application/json")
            .WithIdempotency();

        var orders = routes.MapGroup("/api/orders").WithTags("Orders");
        orders.MapGet("/", OrderEndpoints.ListAsync)
            .WithSummary("List orders")
            .WithDescription("Newest first; `before` pages. Buyers see their own (`view=buyer`), sellers their sellers' (`view=seller`, `sellerId`), operators all. Filters: purchaseId, state.");
        orders.MapGet("/{id:long}", OrderEndpoints.GetAsync)
            .WithSummary("Get an order")
            .WithDescription("With its lines, its history (every transition with actor and time) and the transitions the caller may fire now. Someone else's order is 404.");
        orders.MapPost("/{id:long}/transitions", OrderEndpoints.TransitionAsync)
            .WithSummary("Move an order through its process")
            .WithDescription("`transition` is one of the process's transitions (accept, reject, ship with `tracking`, deliver, complete, cancel, release …). 409 names the state and the transition when it is not possible from there; 403 when the caller's role may not fire it." + Idempotent)
            .Accepts<TransitionBody>("application/json")
            .WithIdempotency();
        orders.MapPost("/{id:long}/payments", OrderEndpoints.PayAsync)
            .WithSummary("Mark an order paid (manual provider)")
            .WithDescription("The seller or an operator confirms that the buyer paid outside Mercato. Records the payment in the ledger and commits or keeps the reserved stock as the process says." + Idempotent)
            .WithIdempotency();
        orders.MapPost("/{id:long}/refunds", OrderEndpoints.RefundAsync)
            .WithSummary("Refund an order")
            .WithDescription("`amount` in minor units, default all that is not yet refunded; less than that is a partial refund. More than was paid is 400." + Idempotent)
            .Accepts<RefundBody>("application/json")
            .WithIdempotency();
        orders.MapGet("/{id:long}/ledger", OrderEndpoints.LedgerAsync)
            .WithSummary("The ledger entries of an order")
            .WithDescription("For its seller and operators; `sum` is always 0.");

        routes.MapGet("/api/listings/{id:long}/stock", Inventory.GetAsync)
            .WithTags("Inventory")
            .WithSummary("A listing's stock")
            .WithDescription("`tracked` false means the seller does not count stock. `status` is available, reserved (all free units held by unpaid orders or a vehicle deposit) or sold_out.");
        routes.MapPut("/api/listings/{id:long}/stock", Inventory.PutAsync)
            .WithTags("Inventory")
            .WithSummary("Set a listing's stock")
            .WithDescription("`available` units in stock (a vehicle 0 or 1). 409 when orders hold more than that.")
            .Accepts<StockRequest>("application/json");

        routes.MapGet("/api/commerce/settings", CommerceSettings.GetAsync)
            .WithTags("Commerce settings")
            .WithSummary("Tax rates, commission and shipping of the marketplace");
        routes.MapPut("/api/commerce/settings", CommerceSettings.PutAsync)
            .WithTags("Commerce settings")
            .WithSummary("Replace tax rates, commission and shipping")
            .WithDescription("Administrators only. Rates in basis points (hundredths of a percent); amounts in minor units.")
            .Accepts<CommerceSettingsBody>("application/json");
        routes.MapPaymentsEndpoints();
        return routes;
    }
}

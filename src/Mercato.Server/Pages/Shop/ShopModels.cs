using Mercato.Server.Accounts.Web;
using Mercato.Server.Orders;
using Mercato.Server.Tenancy;

namespace Mercato.Server.Pages.Shop;

/// <summary>What every shopping page carries: the tenant, the visitor's navigation, the antiforgery pair and the message of the last action.</summary>
public sealed record ShopFrame(Tenant Tenant, RenderNav Nav, string AntiforgeryField, string AntiforgeryToken, string? Notice, string? Error);

/// <summary>An order with the name of its seller, as the buyer's, the seller's and the administrators' pages show it.</summary>
public sealed record OrderCard(OrderView Order, string SellerName, bool PaidByHand);

public sealed record CartPageModel(ShopFrame Frame, CartView Cart, IReadOnlySet<long> OneOfAKind, int MaxQuantity);

/// <summary>One order the cart would become, priced for the buyer's address.</summary>
public sealed record QuoteRow(string SellerName, string Process, long Subtotal, long Tax, long Shipping, long Total);

public sealed record CheckoutPageModel(
    ShopFrame Frame, CartView Cart, bool Guest, string? Email, string Country, string? Region, IReadOnlyList<QuoteRow> Quote,
    IReadOnlyList<PriceChange> Changes, IReadOnlyDictionary<string, string> Errors)
{
    public long QuoteTotal => Quote.Sum(q => q.Total);
}

public sealed record PurchasePageModel(ShopFrame Frame, long PurchaseId, IReadOnlyList<OrderCard> Orders, TimeSpan CheckoutHold)
{
    public string Currency => Orders[0].Order.Currency;

    public long Total => Orders.Sum(o => o.Order.Total);
}

public sealed record BuyerOrdersModel(ShopFrame Frame, IReadOnlyList<OrderCard> Orders, bool SignedIn);

public sealed record BuyerOrderModel(ShopFrame Frame, OrderCard Card, TimeSpan CheckoutHold);

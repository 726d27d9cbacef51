using System.Globalization;
using Mercato.Server.Orders;
using Mercato.Server.Pages.Storefront;

namespace Mercato.Server.Pages.Shop;

/// <summary>The words the pages use for order states, transitions and what a buyer does next.</summary>
public static class OrderText
{
    public static string State(string state) => ListingFacts.Humanise(state);

    public static string Process(string process) => process switch
    {
        "physical" => "Goods, shipped",
        "digital" => "Digital",
        "vehicle_deposit" => "Vehicle reservation deposit",
        _ => ListingFacts.Humanise(process),
    };

    /// <summary>The button of a transition, for the role that sees it.</summary>
    public static string Action(string transition) => transition switch
    {
        OrderProcess.Pay => "Mark paid",
        "accept" => "Accept",
        "reject" => "Reject (refunds the payment)",
        "ship" => "Ship",
        "deliver" => "Mark delivered",
        "complete" => "Mark complete",
        "cancel" => "Cancel order",
        "release" => "Release the reservation",
        OrderProcess.Refund or OrderProcess.PartialRefund => "Refund",
        _ => ListingFacts.Humanise(transition),
    };

    public static string When(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>What the buyer does or waits for now; null when the order is finished.</summary>
    public static string? NextStep(OrderCard card, TimeSpan checkoutHold)
    {
        var order = card.Order;
        return (order.Process, order.State) switch
        {
            (_, "pending_payment" or "deposit_pending") when card.PaidByHand =>
                $"Pay {MoneyText.Exact(order.Total, order.Currency)} to {card.SellerName} as they tell you by e-mail (bank transfer, or on collection). "
                + $"They mark the order paid when the money arrives; unpaid orders are cancelled after {Duration(checkoutHold)}.",
            (_, "pending_payment" or "deposit_pending") => "Complete the payment to confirm the order.",
            ("physical", "paid") => "Paid. The seller accepts and ships your order; you get an e-mail with the tracking number.",
            ("physical", "accepted") => "Accepted. The seller is preparing the shipment.",
            ("physical", "shipped") => $"On its way, tracking number {order.Tracking}. Confirm the delivery when it arrives.",
            ("physical", "delivered") => "Delivered. Mark the order complete when all is well.",
            ("digital", "paid") => "Paid. The seller delivers your licence or access.",
            ("vehicle_deposit", "reserved") => "Deposit paid: the vehicle is reserved for you. Arrange the rest of the sale with the dealer.",
            _ => null,
        };
    }

    private static string Duration(TimeSpan span) => span.TotalHours >= 1
        ? span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " hours"
        : span.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + " minutes";
}

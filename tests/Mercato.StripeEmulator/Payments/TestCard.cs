namespace Mercato.StripeEmulator.Payments;

/// <summary>
/// Stripe's test cards: the <c>pm_card_*</c> payment methods and the card numbers typed on hosted pages, with the
/// outcome Stripe documents for each.
/// </summary>
internal sealed record TestCard(string Brand, string Last4, string Funding = "credit", bool ThreeDs = false, string? DeclineCode = null, string? Code = null, string? Message = null)
{
    private static readonly TestCard Visa = new("visa", "4242");
    private static readonly TestCard Declined = new("visa", "0002", DeclineCode: "generic_decline", Code: "card_declined", Message: "Your card was declined.");
    private static readonly TestCard InsufficientFunds = new("visa", "9995", DeclineCode: "insufficient_funds", Code: "card_declined", Message: "Your card has insufficient funds.");
    private static readonly TestCard LostCard = new("visa", "9987", DeclineCode: "lost_card", Code: "card_declined", Message: "Your card was declined.");
    private static readonly TestCard StolenCard = new("visa", "9979", DeclineCode: "stolen_card", Code: "card_declined", Message: "Your card was declined.");
    private static readonly TestCard Fraudulent = new("visa", "0019", DeclineCode: "fraudulent", Code: "card_declined", Message: "Your card was declined.");
    private static readonly TestCard Expired = new("visa", "0069", DeclineCode: "expired_card", Code: "expired_card", Message: "Your card has expired.");
    private static readonly TestCard IncorrectCvc = new("visa", "0127", DeclineCode: "incorrect_cvc", Code: "incorrect_cvc", Message: "Your card's security code is incorrect.");
    private static readonly TestCard ProcessingError = new("visa", "0119", DeclineCode: "processing_error", Code: "processing_error", Message: "An error occurred while processing your card. Try again in a little bit.");
    private static readonly TestCard Challenge = new("visa", "3184", ThreeDs: true);
    private static readonly TestCard Challenge2 = new("visa", "3220", ThreeDs: true);
    private static readonly TestCard ThreeDsThenInsufficientFunds = InsufficientFunds with { Last4 = "3178", ThreeDs = true };

    private static readonly Dictionary<string, TestCard> Known = new(StringComparer.Ordinal)
    {
        ["pm_card_visa"] = Visa,
        ["4242424242424242"] = Visa,
        ["pm_card_visa_debit"] = new("visa", "5556", "debit"),
        ["4000056655665556"] = new("visa", "5556", "debit"),
        ["pm_card_mastercard"] = new("mastercard", "4444"),
        ["5555555555554444"] = new("mastercard", "4444"),
        ["pm_card_amex"] = new("amex", "8431"),
        ["378282246310005"] = new("amex", "0005"),
        ["pm_card_chargeDeclined"] = Declined,
        ["4000000000000002"] = Declined,
        ["pm_card_chargeDeclinedInsufficientFunds"] = InsufficientFunds,
        ["4000000000009995"] = InsufficientFunds,
        ["pm_card_chargeDeclinedLostCard"] = LostCard,
        ["4000000000009987"] = LostCard,
        ["pm_card_chargeDeclinedStolenCard"] = StolenCard,
        ["4000000000009979"] = StolenCard,
        ["pm_card_chargeDeclinedFraudulent"] = Fraudulent,
        ["4100000000000019"] = Fraudulent,
        ["pm_card_chargeDeclinedExpiredCard"] = Expired,
        ["4000000000000069"] = Expired,
        ["pm_card_chargeDeclinedIncorrectCvc"] = IncorrectCvc,
        ["4000000000000127"] = IncorrectCvc,
        ["pm_card_chargeDeclinedProcessingError"] = ProcessingError,
        ["4000000000000119"] = ProcessingError,
        ["pm_card_authenticationRequired"] = Challenge,
        ["4000002760003184"] = Challenge,
        ["pm_card_threeDSecure2Required"] = Challenge2,
        ["4000000000003220"] = Challenge2,
        ["pm_card_authenticationRequiredChargeDeclinedInsufficientFunds"] = ThreeDsThenInsufficientFunds,
        ["4000008260003178"] = ThreeDsThenInsufficientFunds,
    };

    public static TestCard? Lookup(string tokenOrNumber) => Known.GetValueOrDefault(tokenOrNumber.Replace(" ", "", StringComparison.Ordinal));

    public bool Declines => DeclineCode is not null;
}

using System.Text.Json.Nodes;
using Mercato.StripeEmulator.Connect;
using Mercato.StripeEmulator.Http;

namespace Mercato.StripeEmulator.Payments;

/// <summary>
/// What confirming an intent does to money: a charge per attempt, declines and 3-D Secure from the test card,
/// capture with Stripe's processing fee, and for destination charges the transfer and the application fee.
/// </summary>
internal static class Charges
{
    public static JsonObject Attempt(EmulatorState state, JsonObject pi, string? returnUrl, bool authenticated)
    {
        var account = state.OwnerOf((string)pi["id"]!);
        var methodId = (string)pi["payment_method"]!;
        var card = state.Cards[methodId];
        if (card.ThreeDs && !authenticated)
        {
            var url = new Uri(state.BaseUri, $"authenticate/{pi["id"]}").ToString();
            pi["status"] = "requires_action";
            pi["next_action"] = returnUrl is null
                ? new JsonObject { ["type"] = "use_stripe_sdk", ["use_stripe_sdk"] = new JsonObject { ["type"] = "three_d_secure_redirect", ["stripe_js"] = url } }
                : new JsonObject { ["type"] = "redirect_to_url", ["redirect_to_url"] = new JsonObject { ["url"] = url, ["return_url"] = returnUrl } };
            state.Emit("payment_intent.requires_action", pi, account);
            return pi;
        }

        pi["next_action"] = null;
        var charge = NewCharge(state, pi, card, account);
        pi["latest_charge"] = charge["id"]?.DeepClone();
        if (card.Declines)
        {
            var method = state.Find(methodId)!;
            var error = new StripeError(402, "card_error", card.Message!, card.Code) { DeclineCode = card.DeclineCode };
            var lastError = error.ToBody()["error"]!.DeepClone().AsObject();
            lastError["charge"] = charge["id"]?.DeepClone();
            lastError["payment_method"] = method.DeepClone();
            pi["status"] = "requires_payment_method";
            pi["payment_method"] = null;
            pi["last_payment_error"] = lastError;
            state.Emit("charge.failed", charge, account);
            state.Emit("payment_intent.payment_failed", pi, account);
            throw new StripeError(402, "card_error", card.Message!, card.Code)
            {
                DeclineCode = card.DeclineCode,
                Extra = new JsonObject { ["charge"] = charge["id"]?.DeepClone(), ["payment_intent"] = pi.DeepClone(), ["payment_method"] = method.DeepClone() },
            };
        }

        state.Emit("charge.succeeded", charge, account);
        if ((string)pi["capture_method"]! == "manual")
        {
            pi["status"] = "requires_capture";
            pi["amount_capturable"] = pi["amount"]?.DeepClone();
            state.Emit("payment_intent.amount_capturable_updated", pi, account);
            return pi;
        }

        Settle(state, pi, charge, (long)pi["amount"]!);
        pi["status"] = "succeeded";
        pi["amount_received"] = pi["amount"]?.DeepClone();
        state.Emit("payment_intent.succeeded", pi, account);
        return pi;
    }

    public static void Capture(EmulatorState state, JsonObject pi, long amount)
    {
        var account = state.OwnerOf((string)pi["id"]!);
        var charge = state.Find((string)pi["latest_charge"]!)!;
        charge["amount_captured"] = amount;
        charge["captured"] = true;
        // The part not captured is released, and Stripe shows it as refunded on the charge.
        charge["amount_refunded"] = (long)charge["amount"]! - amount;
        Settle(state, pi, charge, amount);
        pi["status"] = "succeeded";
        pi["amount_capturable"] = 0L;
        pi["amount_received"] = amount;
        state.Emit("charge.captured", charge, account);
        state.Emit("payment_intent.succeeded", pi, account);
    }

    public static void Release(EmulatorState state, JsonObject pi)
    {
        var charge = state.Find((string)pi["latest_charge"]!)!;
        charge["amount_refunded"] = charge["amount"]?.DeepClone();
        charge["refunded"] = true;
    }

    private static JsonObject NewCharge(EmulatorState state, JsonObject pi, TestCard card, string? account)
    {
        var method = state.Find((string)pi["payment_method"]!)!;
        var captured = !card.Declines && (string)pi["capture_method"]! != "manual";
        var charge = new JsonObject
        {
            ["id"] = EmulatorState.NewId("ch_"),
            ["object"] = "charge",
            ["amount"] = pi["amount"]?.DeepClone(),
            ["amount_captured"] = captured ? pi["amount"]?.DeepClone() : 0L,
            ["amount_refunded"] = 0L,
            ["application_fee"] = null,
            ["application_fee_amount"] = pi["application_fee_amount"]?.DeepClone(),
            ["balance_transaction"] = null,
            ["captured"] = captured,
            ["created"] = state.Now(),
            ["currency"] = pi["currency"]?.DeepClone(),
            ["description"] = pi["description"]?.DeepClone(),
            ["failure_code"] = card.Declines ? card.Code : null,
            ["failure_message"] = card.Declines ? card.Message : null,
            ["livemode"] = false,
            ["metadata"] = pi["metadata"]?.DeepClone(),
            ["on_behalf_of"] = pi["on_behalf_of"]?.DeepClone(),
            ["outcome"] = new JsonObject
            {
                ["network_status"] = card.Declines ? "declined_by_network" : "approved_by_network",
                ["reason"] = card.DeclineCode,
                ["risk_level"] = "normal",
                ["seller_message"] = card.Declines ? "The bank did not return any further details with this decline." : "Payment complete.",
                ["type"] = card.Declines ? "issuer_declined" : "authorized",
            },
            ["paid"] = !card.Declines,
            ["payment_intent"] = pi["id"]?.DeepClone(),
            ["payment_method"] = method["id"]?.DeepClone(),
            ["payment_method_details"] = new JsonObject { ["type"] = "card", ["card"] = method["card"]?.DeepClone() },
            ["receipt_email"] = pi["receipt_email"]?.DeepClone(),
            ["refunded"] = false,
            ["status"] = card.Declines ? "failed" : "succeeded",
            ["transfer"] = null,
            ["transfer_data"] = pi["transfer_data"]?.DeepClone(),
            ["transfer_group"] = pi["transfer_group"]?.DeepClone(),
        };
        return state.Add(charge, account);
    }

    /// <summary>Captured money reaches the balance less Stripe's fee; a destination charge pays its seller.</summary>
    private static void Settle(EmulatorState state, JsonObject pi, JsonObject charge, long amount)
    {
        var account = state.OwnerOf((string)pi["id"]!);
        var chargeId = (string)charge["id"]!;
        var currency = (string)charge["currency"]!;
        var processingFee = (amount * state.Options.ProcessingFeeBasisPoints + 5_000) / 10_000 + state.Options.ProcessingFeeFixed;
        charge["balance_transaction"] = state.Post(account, currency, amount, processingFee, "charge", chargeId);
        var fee = (long?)pi["application_fee_amount"] ?? 0;
        charge["application_fee_amount"] = pi["application_fee_amount"]?.DeepClone();
        var destination = (string?)pi["transfer_data"]?["destination"];
        if (destination is not null)
        {
            // Stripe transfers the whole amount, then collects the application fee from the seller.
            var transferAmount = (long?)pi["transfer_data"]!["amount"] ?? amount;
            var transfer = Transfers.Send(state, destination, transferAmount, currency, chargeId, (string?)pi["transfer_group"], new JsonObject());
            charge["transfer"] = transfer["id"]?.DeepClone();
        }

        if ((destination ?? account) is { } seller && fee > 0)
        {
            state.Post(seller, currency, -fee, 0, "application_fee", chargeId);
            state.Post(null, currency, fee, 0, "application_fee", chargeId);
        }

        if (fee > 0)
        {
            charge["application_fee"] = ApplicationFees.Create(state, charge, destination ?? account!, fee)["id"]?.DeepClone();
        }
    }

    public static JsonObject Retrieve(ApiRequest r) => r.Get(r.Id, "charge");

    public static JsonObject List(ApiRequest r) => Lists.Page(r, r.State.All("charge", r.Account), "/v1/charges");
}

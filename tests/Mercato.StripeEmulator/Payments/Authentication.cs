using System.Text.Json.Nodes;
using Mercato.StripeEmulator.Http;

namespace Mercato.StripeEmulator.Payments;

/// <summary>The 3-D Secure challenge of an intent in <c>requires_action</c>: the buyer passes or fails it.</summary>
internal static class Authentication
{
    /// <summary>Returns the intent afterwards; a card that declines after passing throws its card error.</summary>
    public static JsonObject Complete(EmulatorState state, string piId, bool passed)
    {
        var pi = state.Find(piId) is { } found && (string?)found["object"] == "payment_intent" ? found : throw StripeError.NoSuch("payment_intent", piId);
        if ((string)pi["status"]! != "requires_action")
        {
            throw StripeError.UnexpectedState($"This PaymentIntent has a status of {pi["status"]}, not requires_action.");
        }

        if (passed)
        {
            return Charges.Attempt(state, pi, null, authenticated: true);
        }

        var method = state.Find((string)pi["payment_method"]!)!;
        pi["status"] = "requires_payment_method";
        pi["next_action"] = null;
        pi["payment_method"] = null;
        pi["last_payment_error"] = new JsonObject
        {
            ["code"] = "payment_intent_authentication_failure",
            ["doc_url"] = "https://stripe.com/docs/error-codes/payment-intent-authentication-failure",
            ["message"] = "The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.",
            ["payment_method"] = method.DeepClone(),
            ["type"] = "invalid_request_error",
        };
        state.Emit("payment_intent.payment_failed", pi, state.OwnerOf(piId));
        return pi;
    }
}

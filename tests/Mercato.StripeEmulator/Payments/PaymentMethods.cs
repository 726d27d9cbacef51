using System.Text.Json.Nodes;
using Mercato.StripeEmulator.Http;

namespace Mercato.StripeEmulator.Payments;

/// <summary>Payment methods: a test token or card number becomes a new <c>pm_</c> object, as on Stripe.</summary>
internal static class PaymentMethods
{
    public static JsonObject Resolve(EmulatorState state, string value, string? account, string param = "payment_method")
    {
        if (state.Find(value) is { } existing && (string?)existing["object"] == "payment_method")
        {
            return existing;
        }

        var card = TestCard.Lookup(value)
            ?? throw new StripeError(400, "invalid_request_error", $"No such PaymentMethod: '{value}'", "resource_missing", param);
        var created = state.Now();
        var method = new JsonObject
        {
            ["id"] = EmulatorState.NewId("pm_"),
            ["object"] = "payment_method",
            ["billing_details"] = new JsonObject { ["address"] = null, ["email"] = null, ["name"] = null, ["phone"] = null },
            ["card"] = new JsonObject
            {
                ["brand"] = card.Brand,
                ["country"] = "US",
                ["exp_month"] = 12,
                ["exp_year"] = DateTimeOffset.FromUnixTimeSeconds(created).Year + 3,
                ["funding"] = card.Funding,
                ["last4"] = card.Last4,
            },
            ["created"] = created,
            ["customer"] = null,
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["type"] = "card",
        };
        state.Cards[(string)method["id"]!] = card;
        return state.Add(method, account);
    }

    public static JsonObject Retrieve(ApiRequest r) => r.Get(r.Id, "payment_method");
}

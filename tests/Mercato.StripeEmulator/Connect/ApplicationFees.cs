using System.Text.Json.Nodes;
using Mercato.StripeEmulator.Http;

namespace Mercato.StripeEmulator.Connect;

/// <summary>The platform's fee on a connected account's payment (<c>fee_</c>) and its refunds (<c>fr_</c>).</summary>
internal static class ApplicationFees
{
    public static JsonObject Create(EmulatorState state, JsonObject charge, string account, long amount)
    {
        var id = EmulatorState.NewId("fee_");
        var fee = new JsonObject
        {
            ["id"] = id,
            ["object"] = "application_fee",
            ["account"] = account,
            ["amount"] = amount,
            ["amount_refunded"] = 0L,
            ["application"] = "ca_emulator",
            ["balance_transaction"] = null,
            ["charge"] = charge["id"]?.DeepClone(),
            ["created"] = state.Now(),
            ["currency"] = charge["currency"]?.DeepClone(),
            ["livemode"] = false,
            ["originating_transaction"] = null,
            ["refunded"] = false,
            ["refunds"] = Expander.ListOf([], $"/v1/application_fees/{id}/refunds"),
        };
        state.Add(fee);
        state.Emit("application_fee.created", fee);
        return fee;
    }

    /// <summary>Gives the platform's fee back to the connected account.</summary>
    public static JsonObject Refund(EmulatorState state, JsonObject fee, long amount)
    {
        var currency = (string)fee["currency"]!;
        var id = EmulatorState.NewId("fr_");
        state.Post((string)fee["account"]!, currency, amount, 0, "application_fee_refund", id);
        var refund = new JsonObject
        {
            ["id"] = id,
            ["object"] = "fee_refund",
            ["amount"] = amount,
            ["balance_transaction"] = state.Post(null, currency, -amount, 0, "application_fee_refund", id),
            ["created"] = state.Now(),
            ["currency"] = currency,
            ["fee"] = fee["id"]?.DeepClone(),
            ["metadata"] = new JsonObject(),
        };
        state.Add(refund);
        fee["amount_refunded"] = (long)fee["amount_refunded"]! + amount;
        fee["refunded"] = (long)fee["amount_refunded"]! == (long)fee["amount"]!;
        fee["refunds"]!["data"]!.AsArray().Insert(0, refund.DeepClone());
        state.Emit("application_fee.refunded", fee);
        return refund;
    }

    public static JsonObject Retrieve(ApiRequest r) => r.Get(r.Id, "application_fee");

    public static JsonObject List(ApiRequest r) => Lists.Page(r, r.State.All("application_fee", r.Account), "/v1/application_fees");
}

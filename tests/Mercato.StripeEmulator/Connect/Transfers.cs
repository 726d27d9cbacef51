using System.Text.Json.Nodes;
using Mercato.StripeEmulator.Http;

namespace Mercato.StripeEmulator.Connect;

/// <summary>
/// Transfers to connected accounts (each lands there as a <c>py_</c> payment) and their reversals. A transfer with
/// <c>source_transaction</c> draws on that charge and may not exceed what is left of it.
/// </summary>
internal static class Transfers
{
    public static JsonObject Create(ApiRequest r)
    {
        if (r.Account is not null)
        {
            throw StripeError.Invalid("Transfers are created by the platform, without a Stripe-Account header.");
        }

        var amount = r.Form.RequiredLong("amount");
        if (amount < 1)
        {
            throw StripeError.Invalid("Invalid positive integer", "amount");
        }

        var currency = r.Form.RequiredString("currency").ToLowerInvariant();
        var destination = r.Form.RequiredString("destination");
        var source = r.Form.String("source_transaction");
        if (source is not null)
        {
            var charge = r.State.Get(source, "charge", null, "source_transaction");
            if ((string)charge["status"]! != "succeeded" || !(bool)charge["captured"]!)
            {
                throw StripeError.Invalid($"The source_transaction '{source}' has not succeeded and been captured.", "source_transaction");
            }

            if ((string)charge["currency"]! != currency)
            {
                throw StripeError.Invalid($"The currency of the transfer ({currency}) must match the currency of the source_transaction ({charge["currency"]}).", "currency");
            }

            var left = (long)charge["amount"]! - (long)charge["amount_refunded"]!
                - r.State.All("transfer", null).Where(t => (string?)t["source_transaction"] == source).Sum(t => (long)t["amount"]! - (long)t["amount_reversed"]!);
            if (amount > left)
            {
                throw StripeError.Invalid($"Insufficient funds in the source_transaction: {left} {currency} remain to be transferred.", "amount", "balance_insufficient");
            }
        }
        else if (r.State.Balance(null, currency) < amount)
        {
            throw StripeError.Invalid(
                "You have insufficient available funds in your Stripe account. Try adding funds directly to your available balance by creating Charges using the 4000000000000077 test card.",
                null, "balance_insufficient");
        }

        Accounts.RequireTransfers(r.State, destination, "destination");
        var transfer = Send(r.State, destination, amount, currency, source, r.Form.String("transfer_group"), r.Form.Metadata());
        transfer["description"] = r.Form.String("description");
        return transfer;
    }

    /// <summary>Moves money from the platform to a connected account; also what a destination charge does.</summary>
    public static JsonObject Send(EmulatorState state, string destination, long amount, string currency, string? source, string? group, JsonObject metadata)
    {
        var id = EmulatorState.NewId("tr_");
        var payment = state.Add(new JsonObject
        {
            ["id"] = EmulatorState.NewId("py_"),
            ["object"] = "charge",
            ["amount"] = amount,
            ["amount_captured"] = amount,
            ["amount_refunded"] = 0L,
            ["captured"] = true,
            ["created"] = state.Now(),
            ["currency"] = currency,
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["paid"] = true,
            ["refunded"] = false,
            ["source_transfer"] = id,
            ["status"] = "succeeded",
        }, destination);
        payment["balance_transaction"] = state.Post(destination, currency, amount, 0, "payment", (string)payment["id"]!);
        var transfer = new JsonObject
        {
            ["id"] = id,
            ["object"] = "transfer",
            ["amount"] = amount,
            ["amount_reversed"] = 0L,
            ["balance_transaction"] = state.Post(null, currency, -amount, 0, "transfer", id),
            ["created"] = state.Now(),
            ["currency"] = currency,
            ["description"] = null,
            ["destination"] = destination,
            ["destination_payment"] = payment["id"]?.DeepClone(),
            ["livemode"] = false,
            ["metadata"] = metadata,
            ["reversals"] = Expander.ListOf([], $"/v1/transfers/{id}/reversals"),
            ["reversed"] = false,
            ["source_transaction"] = source,
            ["source_type"] = "card",
            ["transfer_group"] = group,
        };
        state.Add(transfer);
        state.Emit("transfer.created", transfer);
        return transfer;
    }

    public static JsonObject Retrieve(ApiRequest r) => r.Get(r.Id, "transfer");

    public static JsonObject List(ApiRequest r) => Lists.Page(r, r.State.All("transfer", r.Account), "/v1/transfers");

    public static JsonObject CreateReversal(ApiRequest r)
    {
        var transfer = r.Get(r.Id, "transfer");
        var left = (long)transfer["amount"]! - (long)transfer["amount_reversed"]!;
        var amount = r.Form.Long("amount") ?? left;
        if (amount < 1 || amount > left)
        {
            throw StripeError.Invalid($"You have already reversed this transfer or the amount exceeds what is left to reverse ({left}).", "amount");
        }

        return Reverse(r.State, transfer, amount, r.Form.Metadata(), null);
    }

    public static JsonObject Reverse(EmulatorState state, JsonObject transfer, long amount, JsonObject metadata, string? sourceRefund)
    {
        var currency = (string)transfer["currency"]!;
        var destination = (string)transfer["destination"]!;
        var payment = state.Find((string)transfer["destination_payment"]!)!;
        payment["amount_refunded"] = (long)payment["amount_refunded"]! + amount;
        payment["refunded"] = (long)payment["amount_refunded"]! == (long)payment["amount"]!;
        var reversalId = EmulatorState.NewId("trr_");
        var paymentRefund = EmulatorState.NewId("pyr_");
        state.Post(destination, currency, -amount, 0, "payment_refund", paymentRefund);
        var reversal = new JsonObject
        {
            ["id"] = reversalId,
            ["object"] = "transfer_reversal",
            ["amount"] = amount,
            ["balance_transaction"] = state.Post(null, currency, amount, 0, "transfer_refund", reversalId),
            ["created"] = state.Now(),
            ["currency"] = currency,
            ["destination_payment_refund"] = paymentRefund,
            ["metadata"] = metadata,
            ["source_refund"] = sourceRefund,
            ["transfer"] = transfer["id"]?.DeepClone(),
        };
        state.Add(reversal);
        transfer["amount_reversed"] = (long)transfer["amount_reversed"]! + amount;
        transfer["reversed"] = (long)transfer["amount_reversed"]! == (long)transfer["amount"]!;
        var reversals = transfer["reversals"]!.AsObject();
        reversals["data"]!.AsArray().Insert(0, reversal.DeepClone());
        state.Emit("transfer.reversed", transfer);
        return reversal;
    }
}

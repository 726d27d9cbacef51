using System.Globalization;
using System.Text.Json.Nodes;
using Mercato.StripeEmulator.Connect;
using Mercato.StripeEmulator.Http;

namespace Mercato.StripeEmulator.Payments;

/// <summary>
/// Refunds, full or partial, of a captured charge. On a destination charge <c>reverse_transfer</c> takes back the
/// refunded share of the transfer from the seller and <c>refund_application_fee</c> gives the seller back the same
/// share of the platform's fee, as Stripe does; the last refund takes whatever is left so nothing stays behind by
/// rounding.
/// </summary>
internal static class Refunds
{
    public static JsonObject Create(ApiRequest r)
    {
        var charge = FindCharge(r);
        var chargeId = (string)charge["id"]!;
        var currency = (string)charge["currency"]!;
        if ((string)charge["status"]! != "succeeded" || !(bool)charge["captured"]!)
        {
            throw StripeError.Invalid($"Charge {chargeId} has not been captured; cancel its PaymentIntent to release it.", "charge");
        }

        var total = (long)charge["amount"]!;
        var left = total - (long)charge["amount_refunded"]!;
        if (left == 0)
        {
            throw StripeError.Invalid($"Charge {chargeId} has already been refunded.", "charge", "charge_already_refunded");
        }

        var amount = r.Form.Long("amount") ?? left;
        if (amount < 1)
        {
            throw StripeError.Invalid("Invalid positive integer", "amount");
        }

        if (amount > left)
        {
            throw StripeError.Invalid($"Refund amount ({Money(amount, currency)}) is greater than unrefunded amount on charge ({Money(left, currency)})", "amount", "amount_too_large");
        }

        var reason = r.Form.String("reason");
        if (reason is not (null or "duplicate" or "fraudulent" or "requested_by_customer"))
        {
            throw StripeError.Invalid("Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer", "reason");
        }

        var transfer = charge["transfer"] is { } t ? r.State.Find((string)t!)! : null;
        var fee = charge["application_fee"] is { } f ? r.State.Find((string)f!)! : null;
        if (r.Form.Bool("reverse_transfer") == true && transfer is null)
        {
            throw StripeError.Invalid($"Charge {chargeId} has no transfer to reverse: reverse_transfer applies to destination charges.", "reverse_transfer");
        }

        if (r.Form.Bool("refund_application_fee") == true && fee is null)
        {
            throw StripeError.Invalid($"Charge {chargeId} has no application fee to refund.", "refund_application_fee");
        }

        var account = r.State.OwnerOf(chargeId);
        var id = EmulatorState.NewId("re_");
        var refund = new JsonObject
        {
            ["id"] = id,
            ["object"] = "refund",
            ["amount"] = amount,
            ["balance_transaction"] = r.State.Post(account, currency, -amount, 0, "refund", id),
            ["charge"] = chargeId,
            ["created"] = r.Now(),
            ["currency"] = currency,
            ["metadata"] = r.Form.Metadata(),
            ["payment_intent"] = charge["payment_intent"]?.DeepClone(),
            ["reason"] = reason,
            ["status"] = "succeeded",
            ["transfer_reversal"] = null,
            ["source_transfer_reversal"] = null,
        };
        r.State.Add(refund, account);
        charge["amount_refunded"] = total - left + amount;
        charge["refunded"] = amount == left;
        var last = amount == left;

        if (transfer is not null && r.Form.Bool("reverse_transfer") == true)
        {
            var share = Share((long)transfer["amount"]!, amount, total, (long)transfer["amount"]! - (long)transfer["amount_reversed"]!, last);
            if (share > 0)
            {
                refund["transfer_reversal"] = Transfers.Reverse(r.State, transfer, share, new JsonObject(), id)["id"]?.DeepClone();
            }
        }

        if (fee is not null && r.Form.Bool("refund_application_fee") == true)
        {
            var share = Share((long)fee["amount"]!, amount, total, (long)fee["amount"]! - (long)fee["amount_refunded"]!, last);
            if (share > 0)
            {
                ApplicationFees.Refund(r.State, fee, share);
            }
        }

        r.State.Emit("charge.refunded", charge, account);
        r.State.Emit("refund.created", refund, account);
        return refund;
    }

    private static JsonObject FindCharge(ApiRequest r)
    {
        if (r.Form.String("charge") is { Length: > 0 } chargeId)
        {
            return r.Get(chargeId, "charge", "charge");
        }

        if (r.Form.String("payment_intent") is not { Length: > 0 } piId)
        {
            throw StripeError.Invalid("One of the following params should be provided for this request: payment_intent or charge.", null, "parameter_missing");
        }

        var pi = r.Get(piId, "payment_intent", "payment_intent");
        if ((string)pi["status"]! != "succeeded")
        {
            throw StripeError.Invalid($"This PaymentIntent ({piId}) does not have a successful charge to refund.", "payment_intent", "charge_not_refundable");
        }

        return r.State.Find((string)pi["latest_charge"]!)!;
    }

    // The refunded share of a part of the charge, rounded half up; the last refund takes what is left.
    private static long Share(long part, long refunded, long total, long left, bool last) =>
        last ? left : Math.Min(left, (part * refunded + total / 2) / total);

    private static string Money(long amount, string currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{amount / 100m:0.00} {currency}");

    public static JsonObject Retrieve(ApiRequest r) => r.Get(r.Id, "refund");

    public static JsonObject List(ApiRequest r) => Lists.Page(r, r.State.All("refund", r.Account), "/v1/refunds");
}

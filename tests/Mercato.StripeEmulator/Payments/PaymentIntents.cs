using System.Text.Json.Nodes;
using Mercato.StripeEmulator.Connect;
using Mercato.StripeEmulator.Http;

namespace Mercato.StripeEmulator.Payments;

/// <summary>
/// PaymentIntents and their state machine: requires_payment_method → requires_confirmation → (requires_action) →
/// requires_capture or succeeded; canceled from any state before success.
/// </summary>
internal static class PaymentIntents
{
    private static readonly string[] Cancelable = ["requires_payment_method", "requires_capture", "requires_confirmation", "requires_action", "processing"];
    private static readonly string[] Confirmable = ["requires_payment_method", "requires_confirmation", "requires_action"];
    private static readonly Dictionary<string, long> Minimums = new(StringComparer.Ordinal) { ["usd"] = 50, ["eur"] = 50, ["cad"] = 50, ["aud"] = 50, ["gbp"] = 30 };

    public static JsonObject Create(ApiRequest r)
    {
        var pi = New(r.State, r.Form, "", r.Account);
        if (r.Form.String("payment_method") is { Length: > 0 } method)
        {
            Attach(r.State, pi, method, r.Account);
        }

        r.State.Emit("payment_intent.created", pi, r.Account);
        return r.Form.Bool("confirm") == true ? Confirm(r.State, pi, r.Form, r.Account) : pi;
    }

    /// <summary>A new intent from parameters under <paramref name="prefix"/> ("" or "payment_intent_data.").</summary>
    public static JsonObject New(EmulatorState state, FormParameters form, string prefix, string? account, long? amountOverride = null, string? currencyOverride = null)
    {
        var amount = amountOverride ?? form.RequiredLong("amount");
        var currency = (currencyOverride ?? form.RequiredString("currency")).ToLowerInvariant();
        if (currency.Length != 3)
        {
            throw StripeError.Invalid($"Invalid currency: {currency}. Stripe currently supports these currencies: usd, eur, gbp, ...", "currency");
        }

        if (amount < Minimums.GetValueOrDefault(currency, 1))
        {
            throw StripeError.Invalid($"Amount must be at least {Minimums.GetValueOrDefault(currency, 1)} {currency} minor units.", "amount", "amount_too_small");
        }

        var captureMethod = form.String(prefix + "capture_method") ?? "automatic_async";
        if (captureMethod is not ("automatic" or "automatic_async" or "manual"))
        {
            throw StripeError.Invalid($"Invalid capture_method: must be one of automatic, automatic_async, or manual", FormParameters.Param(prefix + "capture_method"));
        }

        var destination = form.String(prefix + "transfer_data.destination");
        var fee = form.Long(prefix + "application_fee_amount");
        if (destination is not null)
        {
            Accounts.RequireTransfers(state, destination, FormParameters.Param(prefix + "transfer_data.destination"));
        }

        if (fee is not null && destination is null && account is null && form.String(prefix + "on_behalf_of") is null)
        {
            throw StripeError.Invalid(
                "Can only apply an application_fee_amount when the PaymentIntent is attempting a direct payment (using an OAuth key or Stripe-Account header) or destination payment (using `transfer_data[destination]`).",
                FormParameters.Param(prefix + "application_fee_amount"));
        }

        if (fee is < 0 || fee > amount)
        {
            throw StripeError.Invalid("The application fee must be between 0 and the amount of the payment.", FormParameters.Param(prefix + "application_fee_amount"));
        }

        var id = EmulatorState.NewId("pi_");
        var pi = new JsonObject
        {
            ["id"] = id,
            ["object"] = "payment_intent",
            ["amount"] = amount,
            ["amount_capturable"] = 0L,
            ["amount_received"] = 0L,
            ["application_fee_amount"] = fee,
            ["canceled_at"] = null,
            ["cancellation_reason"] = null,
            ["capture_method"] = captureMethod,
            ["client_secret"] = id + "_secret_" + EmulatorState.NewId("", 25),
            ["confirmation_method"] = "automatic",
            ["created"] = state.Now(),
            ["currency"] = currency,
            ["customer"] = form.String(prefix + "customer"),
            ["description"] = form.String(prefix + "description"),
            ["last_payment_error"] = null,
            ["latest_charge"] = null,
            ["livemode"] = false,
            ["metadata"] = form.Metadata(prefix + "metadata"),
            ["next_action"] = null,
            ["on_behalf_of"] = form.String(prefix + "on_behalf_of"),
            ["payment_method"] = null,
            ["payment_method_types"] = new JsonArray("card"),
            ["receipt_email"] = form.String(prefix + "receipt_email"),
            ["status"] = "requires_payment_method",
            ["transfer_data"] = destination is null ? null : new JsonObject { ["destination"] = destination },
            ["transfer_group"] = form.String(prefix + "transfer_group"),
        };
        if (destination is not null && form.Long(prefix + "transfer_data.amount") is { } transferAmount)
        {
            pi["transfer_data"]!["amount"] = transferAmount;
        }

        return state.Add(pi, account);
    }

    private static void Attach(EmulatorState state, JsonObject pi, string method, string? account)
    {
        pi["payment_method"] = (string)PaymentMethods.Resolve(state, method, account)["id"]!;
        pi["status"] = "requires_confirmation";
        pi["last_payment_error"] = null;
    }

    public static JsonObject Retrieve(ApiRequest r) => r.Get(r.Id, "payment_intent");

    public static JsonObject List(ApiRequest r) => Lists.Page(r, r.State.All("payment_intent", r.Account), "/v1/payment_intents");

    public static JsonObject Update(ApiRequest r)
    {
        var pi = r.Get(r.Id, "payment_intent");
        if (!Confirmable.Contains((string)pi["status"]!))
        {
            throw StripeError.UnexpectedState($"You cannot update this PaymentIntent because it has a status of {pi["status"]}.");
        }

        foreach (var field in new[] { "description", "receipt_email", "transfer_group" })
        {
            if (r.Form.Has(field))
            {
                pi[field] = r.Form.String(field);
            }
        }

        foreach (var field in new[] { "amount", "application_fee_amount" })
        {
            if (r.Form.Long(field) is { } value)
            {
                pi[field] = value;
            }
        }

        if (r.Form.Has("metadata"))
        {
            pi["metadata"] = r.Form.Metadata();
        }

        if (r.Form.String("payment_method") is { Length: > 0 } method)
        {
            Attach(r.State, pi, method, r.Account);
        }

        return pi;
    }

    public static JsonObject Confirm(ApiRequest r) => Confirm(r.State, r.Get(r.Id, "payment_intent"), r.Form, r.Account);

    private static JsonObject Confirm(EmulatorState state, JsonObject pi, FormParameters form, string? account)
    {
        var status = (string)pi["status"]!;
        if (!Confirmable.Contains(status))
        {
            throw StripeError.UnexpectedState(status == "succeeded"
                ? "You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed."
                : $"You cannot confirm this PaymentIntent because it has a status of {status}.");
        }

        if (form.String("payment_method") is { Length: > 0 } method)
        {
            Attach(state, pi, method, account);
        }

        if (pi["payment_method"] is null)
        {
            throw StripeError.UnexpectedState("You cannot confirm this PaymentIntent because it's missing a payment method. Update the PaymentIntent with a payment method and then confirm it again.");
        }

        return Charges.Attempt(state, pi, form.String("return_url"), authenticated: false);
    }

    public static JsonObject Capture(ApiRequest r)
    {
        var pi = r.Get(r.Id, "payment_intent");
        if ((string)pi["status"]! != "requires_capture")
        {
            throw StripeError.UnexpectedState($"This PaymentIntent could not be captured because it has a status of {pi["status"]}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.");
        }

        var capturable = (long)pi["amount_capturable"]!;
        var amount = r.Form.Long("amount_to_capture") ?? capturable;
        if (amount < 1 || amount > capturable)
        {
            throw StripeError.Invalid($"The amount_to_capture must be between 1 and the amount capturable ({capturable}).", "amount_to_capture", "amount_too_large");
        }

        if (r.Form.Long("application_fee_amount") is { } fee)
        {
            pi["application_fee_amount"] = fee;
        }

        if (r.Form.Has("metadata"))
        {
            pi["metadata"] = r.Form.Metadata();
        }

        Charges.Capture(r.State, pi, amount);
        return pi;
    }

    public static JsonObject Cancel(ApiRequest r)
    {
        var pi = r.Get(r.Id, "payment_intent");
        var status = (string)pi["status"]!;
        if (!Cancelable.Contains(status))
        {
            throw StripeError.UnexpectedState($"You cannot cancel this PaymentIntent because it has a status of {status}. Only a PaymentIntent with one of the following statuses may be canceled: {string.Join(", ", Cancelable)}.");
        }

        var reason = r.Form.String("cancellation_reason");
        if (reason is not (null or "duplicate" or "fraudulent" or "requested_by_customer" or "abandoned"))
        {
            throw StripeError.Invalid($"Invalid cancellation_reason: must be one of duplicate, fraudulent, requested_by_customer, or abandoned", "cancellation_reason");
        }

        if (status == "requires_capture")
        {
            Charges.Release(r.State, pi);
        }

        pi["status"] = "canceled";
        pi["canceled_at"] = r.Now();
        pi["cancellation_reason"] = reason;
        pi["next_action"] = null;
        pi["amount_capturable"] = 0L;
        r.State.Emit("payment_intent.canceled", pi, r.Account);
        return pi;
    }
}

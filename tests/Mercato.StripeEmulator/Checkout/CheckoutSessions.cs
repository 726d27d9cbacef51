using System.Text.Json.Nodes;
using Mercato.StripeEmulator.Connect;
using Mercato.StripeEmulator.Http;
using Mercato.StripeEmulator.Payments;

namespace Mercato.StripeEmulator.Checkout;

/// <summary>
/// Checkout Sessions in payment mode: line items with <c>price_data</c>, a hosted page at <c>url</c>, and on
/// payment a PaymentIntent built from <c>payment_intent_data</c> (destination, fee, capture method).
/// </summary>
internal static class CheckoutSessions
{
    public static JsonObject Create(ApiRequest r)
    {
        var mode = r.Form.RequiredString("mode");
        if (mode != "payment")
        {
            throw StripeError.Invalid($"The emulator supports mode=payment only, not {mode}.", "mode");
        }

        var successUrl = r.Form.RequiredString("success_url");
        var items = r.Form.Objects("line_items");
        if (items.Count == 0)
        {
            throw StripeError.Missing("line_items");
        }

        var lineItems = new JsonArray();
        string? currency = null;
        long total = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = FormParameters.Of(items[i]);
            var param = $"line_items[{i}]";
            if (item.String("price") is { } price)
            {
                throw StripeError.NoSuch("price", price, param + "[price]");
            }

            var itemCurrency = item.String("price_data.currency")?.ToLowerInvariant() ?? throw StripeError.Missing(param + "[price_data][currency]");
            var unitAmount = item.Long("price_data.unit_amount") ?? throw StripeError.Missing(param + "[price_data][unit_amount]");
            var name = item.String("price_data.product_data.name") ?? throw StripeError.Missing(param + "[price_data][product_data][name]");
            var quantity = item.Long("quantity") ?? throw StripeError.Missing(param + "[quantity]");
            if (quantity < 1 || unitAmount < 0)
            {
                throw StripeError.Invalid("This value must be greater than or equal to 1.", param + (quantity < 1 ? "[quantity]" : "[price_data][unit_amount]"));
            }

            if (currency is not null && currency != itemCurrency)
            {
                throw StripeError.Invalid("All line items must share one currency.", param + "[price_data][currency]");
            }

            currency = itemCurrency;
            total += unitAmount * quantity;
            lineItems.Add(LineItem(itemCurrency, unitAmount, quantity, name, r.Now()));
        }

        var fee = r.Form.Long("payment_intent_data.application_fee_amount");
        var destination = r.Form.String("payment_intent_data.transfer_data.destination");
        if (destination is not null)
        {
            Accounts.RequireTransfers(r.State, destination, "payment_intent_data[transfer_data][destination]");
        }

        if (fee is < 0 || fee > total)
        {
            throw StripeError.Invalid("The application fee must be between 0 and the amount of the payment.", "payment_intent_data[application_fee_amount]");
        }

        var id = "cs_test_" + EmulatorState.NewId("", 58);
        var created = r.Now();
        var session = new JsonObject
        {
            ["id"] = id,
            ["object"] = "checkout.session",
            ["amount_subtotal"] = total,
            ["amount_total"] = total,
            ["cancel_url"] = r.Form.String("cancel_url"),
            ["client_reference_id"] = r.Form.String("client_reference_id"),
            ["created"] = created,
            ["currency"] = currency,
            ["customer"] = r.Form.String("customer"),
            ["customer_details"] = null,
            ["customer_email"] = r.Form.String("customer_email"),
            ["expires_at"] = r.Form.Long("expires_at") ?? created + 86_400,
            ["livemode"] = false,
            ["metadata"] = r.Form.Metadata(),
            ["mode"] = mode,
            ["payment_intent"] = null,
            ["payment_method_types"] = new JsonArray("card"),
            ["payment_status"] = "unpaid",
            ["status"] = "open",
            ["success_url"] = successUrl,
            ["ui_mode"] = "hosted",
            ["url"] = new Uri(r.State.BaseUri, $"checkout/pay/{id}").ToString(),
        };
        r.State.LineItems[id] = lineItems;
        r.State.CheckoutParameters[id] = r.Form;
        return r.State.Add(session, r.Account);
    }

    private static JsonObject LineItem(string currency, long unitAmount, long quantity, string name, long created) => new()
    {
        ["id"] = EmulatorState.NewId("li_"),
        ["object"] = "item",
        ["amount_discount"] = 0L,
        ["amount_subtotal"] = unitAmount * quantity,
        ["amount_tax"] = 0L,
        ["amount_total"] = unitAmount * quantity,
        ["currency"] = currency,
        ["description"] = name,
        ["price"] = new JsonObject
        {
            ["id"] = EmulatorState.NewId("price_"),
            ["object"] = "price",
            ["active"] = false,
            ["created"] = created,
            ["currency"] = currency,
            ["livemode"] = false,
            ["product"] = EmulatorState.NewId("prod_", 14),
            ["type"] = "one_time",
            ["unit_amount"] = unitAmount,
        },
        ["quantity"] = quantity,
    };

    public static JsonObject Retrieve(ApiRequest r) => r.Get(r.Id, "checkout.session");

    public static JsonObject List(ApiRequest r) => Lists.Page(r, r.State.All("checkout.session", r.Account), "/v1/checkout/sessions");

    public static JsonObject LineItems(ApiRequest r)
    {
        r.Get(r.Id, "checkout.session");
        return Lists.Page(r, r.State.LineItems[r.Id].Select(i => i!.AsObject()).Reverse(), $"/v1/checkout/sessions/{r.Id}/line_items");
    }

    public static JsonObject Expire(ApiRequest r)
    {
        var session = r.Get(r.Id, "checkout.session");
        if ((string)session["status"]! != "open")
        {
            throw StripeError.Invalid("Only Checkout Sessions with a status in [\"open\"] can be expired.", null, "checkout_session_not_open");
        }

        session["status"] = "expired";
        session["url"] = null;
        if (session["payment_intent"] is { } piId && r.State.Find((string)piId!) is { } pi && (string)pi["status"]! != "succeeded")
        {
            pi["status"] = "canceled";
            pi["cancellation_reason"] = "abandoned";
            pi["canceled_at"] = r.Now();
            r.State.Emit("payment_intent.canceled", pi, r.Account);
        }

        r.State.Emit("checkout.session.expired", session, r.Account);
        return session;
    }

    /// <summary>
    /// The buyer pays on the hosted page. The page stands in for a 3-D Secure challenge, which passes; a declined
    /// card leaves the session open for another try, as Stripe's page does. Returns the error message, if any.
    /// </summary>
    public static string? Pay(EmulatorState state, string id, string card, string? email)
    {
        var session = state.Find(id) is { } found && (string?)found["object"] == "checkout.session" ? found : throw StripeError.NoSuch("checkout.session", id);
        if ((string)session["status"]! != "open")
        {
            return $"This Checkout Session is {session["status"]}.";
        }

        var account = state.OwnerOf(id);
        var pi = session["payment_intent"] is { } existing ? state.Find((string)existing!)! : null;
        if (pi is null)
        {
            pi = PaymentIntents.New(state, state.CheckoutParameters[id], "payment_intent_data.", account, (long)session["amount_total"]!, (string)session["currency"]!);
            session["payment_intent"] = pi["id"]?.DeepClone();
            state.Emit("payment_intent.created", pi, account);
        }

        pi["payment_method"] = (string)PaymentMethods.Resolve(state, card, account)["id"]!;
        pi["status"] = "requires_confirmation";
        try
        {
            Charges.Attempt(state, pi, null, authenticated: true);
        }
        catch (StripeError error)
        {
            return error.Message;
        }

        session["status"] = "complete";
        session["payment_status"] = (string)pi["status"]! == "succeeded" ? "paid" : "unpaid";
        session["customer_details"] = new JsonObject { ["email"] = email ?? (string?)session["customer_email"], ["name"] = null, ["phone"] = null };
        session["url"] = null;
        state.Emit("checkout.session.completed", session, account);
        return null;
    }
}

using System.Text.Json.Nodes;
using Mercato.StripeEmulator.Http;

namespace Mercato.StripeEmulator.Connect;

/// <summary>
/// Payouts from an account's available balance to its bank (on a connected account with <c>Stripe-Account</c>).
/// A payout stays <c>pending</c> until the test control marks it paid or failed; a failed payout returns the money.
/// </summary>
internal static class Payouts
{
    public static JsonObject Create(ApiRequest r)
    {
        var amount = r.Form.RequiredLong("amount");
        if (amount < 1)
        {
            throw StripeError.Invalid("Invalid positive integer", "amount");
        }

        var currency = r.Form.RequiredString("currency").ToLowerInvariant();
        if (r.Account is not null && !(bool)r.State.Get(r.Account, "account", null)["payouts_enabled"]!)
        {
            throw StripeError.Invalid("Payouts are not enabled for this account.", null, "payouts_not_allowed");
        }

        var available = r.State.Balance(r.Account, currency);
        if (available < amount)
        {
            throw StripeError.Invalid($"You have insufficient funds in your Stripe account for this transfer. Your card balance is too low. You can use the /v1/balance endpoint to view your Stripe balance (available: {available} {currency}).", "amount", "balance_insufficient");
        }

        var id = EmulatorState.NewId("po_");
        var created = r.Now();
        var payout = new JsonObject
        {
            ["id"] = id,
            ["object"] = "payout",
            ["amount"] = amount,
            ["arrival_date"] = created + 2 * 86_400,
            ["automatic"] = false,
            ["balance_transaction"] = r.State.Post(r.Account, currency, -amount, 0, "payout", id),
            ["created"] = created,
            ["currency"] = currency,
            ["description"] = r.Form.String("description"),
            ["destination"] = "ba_emulatorbank",
            ["failure_code"] = null,
            ["failure_message"] = null,
            ["livemode"] = false,
            ["metadata"] = r.Form.Metadata(),
            ["method"] = r.Form.String("method") ?? "standard",
            ["source_type"] = "card",
            ["statement_descriptor"] = r.Form.String("statement_descriptor"),
            ["status"] = "pending",
            ["type"] = "bank_account",
        };
        r.State.Add(payout, r.Account);
        r.State.Emit("payout.created", payout, r.Account);
        return payout;
    }

    public static JsonObject Retrieve(ApiRequest r) => r.Get(r.Id, "payout");

    public static JsonObject List(ApiRequest r) => Lists.Page(r, r.State.All("payout", r.Account), "/v1/payouts");

    public static JsonObject Settle(EmulatorState state, string id, bool paid)
    {
        var payout = state.Find(id) is { } found && (string?)found["object"] == "payout" ? found : throw StripeError.NoSuch("payout", id);
        if ((string)payout["status"]! != "pending")
        {
            throw StripeError.Invalid($"The payout is {payout["status"]}, not pending.");
        }

        var account = state.OwnerOf(id);
        payout["status"] = paid ? "paid" : "failed";
        if (!paid)
        {
            payout["failure_code"] = "account_closed";
            payout["failure_message"] = "The bank account has been closed.";
            payout["failure_balance_transaction"] = state.Post(account, (string)payout["currency"]!, (long)payout["amount"]!, 0, "payout_failure", id);
        }

        state.Emit(paid ? "payout.paid" : "payout.failed", payout, account);
        return payout;
    }

    /// <summary><c>GET /v1/balance</c>: everything settles at once in the emulator, so nothing is pending.</summary>
    public static JsonObject Balance(ApiRequest r)
    {
        var available = new JsonArray();
        var pending = new JsonArray();
        foreach (var (currency, amount) in r.State.Balances(r.Account).OrderBy(b => b.Currency, StringComparer.Ordinal))
        {
            available.Add(new JsonObject { ["amount"] = amount, ["currency"] = currency, ["source_types"] = new JsonObject { ["card"] = amount } });
            pending.Add(new JsonObject { ["amount"] = 0L, ["currency"] = currency, ["source_types"] = new JsonObject { ["card"] = 0L } });
        }

        return new JsonObject { ["object"] = "balance", ["available"] = available, ["livemode"] = false, ["pending"] = pending };
    }
}

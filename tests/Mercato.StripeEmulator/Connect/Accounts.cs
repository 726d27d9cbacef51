using System.Text.Json.Nodes;
using Mercato.StripeEmulator.Http;

namespace Mercato.StripeEmulator.Connect;

/// <summary>
/// Connect accounts. A new account can neither take charges nor be paid out until it is onboarded (its account
/// link's page) or switched by the test control; each change emits <c>account.updated</c>.
/// </summary>
internal static class Accounts
{
    private static readonly string[] Due = ["business_profile.url", "external_account", "individual.dob.day", "individual.first_name", "individual.last_name", "tos_acceptance.date"];

    public static JsonObject Create(ApiRequest r)
    {
        var type = r.Form.String("type") ?? "express";
        if (type is not ("express" or "standard" or "custom"))
        {
            throw StripeError.Invalid("Invalid type: must be one of custom, express, or standard", "type");
        }

        var capabilities = new JsonObject();
        foreach (var (name, value) in r.Form.Node("capabilities") as JsonObject ?? [])
        {
            if ((string?)value?["requested"] == "true")
            {
                capabilities[name] = "inactive";
            }
        }

        var account = new JsonObject
        {
            ["id"] = EmulatorState.NewId("acct_", 16),
            ["object"] = "account",
            ["business_type"] = r.Form.String("business_type"),
            ["capabilities"] = capabilities,
            ["charges_enabled"] = false,
            ["country"] = r.Form.String("country") ?? "US",
            ["created"] = r.Now(),
            ["default_currency"] = r.Form.String("default_currency") ?? "usd",
            ["details_submitted"] = false,
            ["email"] = r.Form.String("email"),
            ["metadata"] = r.Form.Metadata(),
            ["payouts_enabled"] = false,
            ["requirements"] = Requirements(false),
            ["type"] = type,
        };
        return r.State.Add(account);
    }

    private static JsonObject Requirements(bool complete) => new()
    {
        ["current_deadline"] = null,
        ["currently_due"] = complete ? new JsonArray() : new JsonArray(Due.Select(d => (JsonNode)d).ToArray()),
        ["disabled_reason"] = complete ? null : "requirements.past_due",
        ["errors"] = new JsonArray(),
        ["eventually_due"] = complete ? new JsonArray() : new JsonArray(Due.Select(d => (JsonNode)d).ToArray()),
        ["past_due"] = complete ? new JsonArray() : new JsonArray(Due.Select(d => (JsonNode)d).ToArray()),
        ["pending_verification"] = new JsonArray(),
    };

    public static JsonObject Retrieve(ApiRequest r) => r.State.Get(r.Id, "account", null);

    /// <summary><c>GET /v1/account</c>: the connected account named by <c>Stripe-Account</c>, else the platform.</summary>
    public static JsonObject Current(ApiRequest r) => r.Account is null
        ? new JsonObject
        {
            ["id"] = "acct_emulatorplatform",
            ["object"] = "account",
            ["charges_enabled"] = true,
            ["country"] = "US",
            ["default_currency"] = "usd",
            ["details_submitted"] = true,
            ["payouts_enabled"] = true,
            ["type"] = "standard",
        }
        : r.State.Get(r.Account, "account", null);

    public static JsonObject List(ApiRequest r) => Lists.Page(r, r.State.All("account", null), "/v1/accounts");

    public static JsonObject Update(ApiRequest r)
    {
        var account = r.State.Get(r.Id, "account", null);
        var before = account.DeepClone().AsObject();
        if (r.Form.Has("metadata"))
        {
            account["metadata"] = r.Form.Metadata();
        }

        if (r.Form.String("email") is { } email)
        {
            account["email"] = email;
        }

        EmitIfChanged(r.State, before, account);
        return account;
    }

    /// <summary>What onboarding or the test control does: switches the account and tells the platform.</summary>
    public static JsonObject SetStatus(EmulatorState state, string id, bool? chargesEnabled, bool? payoutsEnabled, bool? detailsSubmitted)
    {
        var account = state.Get(id, "account", null);
        var before = account.DeepClone().AsObject();
        if (detailsSubmitted is { } details)
        {
            account["details_submitted"] = details;
        }

        if (chargesEnabled is { } charges)
        {
            account["charges_enabled"] = charges;
            foreach (var name in ((JsonObject)account["capabilities"]!).Select(c => c.Key).ToList())
            {
                account["capabilities"]![name] = charges ? "active" : "inactive";
            }
        }

        if (payoutsEnabled is { } payouts)
        {
            account["payouts_enabled"] = payouts;
        }

        var complete = (bool)account["charges_enabled"]! && (bool)account["payouts_enabled"]!;
        account["requirements"] = Requirements(complete);
        EmitIfChanged(state, before, account);
        return account;
    }

    private static void EmitIfChanged(EmulatorState state, JsonObject before, JsonObject account)
    {
        var changes = EmulatorState.Changes(before, account);
        if (changes.Count > 0)
        {
            state.Emit("account.updated", account, (string)account["id"]!, changes);
        }
    }

    /// <summary>Money can go to an account only when it exists and its transfers capability is active.</summary>
    public static JsonObject RequireTransfers(EmulatorState state, string id, string param)
    {
        if (state.Find(id) is not { } account || (string?)account["object"] != "account")
        {
            throw StripeError.Invalid($"No such destination: '{id}'", param, "resource_missing");
        }

        if (!(bool)account["charges_enabled"]!)
        {
            throw StripeError.Invalid(
                "Your destination account needs to have at least one of the following capabilities enabled: transfers, crypto_transfers, legacy_payments",
                param, "insufficient_capabilities_for_transfer");
        }

        return account;
    }
}

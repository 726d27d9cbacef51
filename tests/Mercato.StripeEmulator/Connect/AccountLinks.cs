using System.Text.Json.Nodes;
using Mercato.StripeEmulator.Http;

namespace Mercato.StripeEmulator.Connect;

/// <summary>Account links: a short-lived URL of the emulator's onboarding page for one account.</summary>
internal static class AccountLinks
{
    public static JsonObject Create(ApiRequest r)
    {
        var accountId = r.Form.RequiredString("account");
        r.State.Get(accountId, "account", null, "account");
        var type = r.Form.RequiredString("type");
        if (type is not ("account_onboarding" or "account_update"))
        {
            throw StripeError.Invalid("Invalid type: must be one of account_onboarding or account_update", "type");
        }

        var returnUrl = r.Form.RequiredString("return_url");
        var refreshUrl = r.Form.String("refresh_url") ?? returnUrl;
        var query = $"return_url={Uri.EscapeDataString(returnUrl)}&refresh_url={Uri.EscapeDataString(refreshUrl)}";
        var created = r.Now();
        return new JsonObject
        {
            ["object"] = "account_link",
            ["created"] = created,
            ["expires_at"] = created + 300,
            ["url"] = new Uri(r.State.BaseUri, $"connect/onboarding/{accountId}?{query}").ToString(),
        };
    }
}

using System.Text.Json.Nodes;

namespace Mercato.StripeEmulator.Http;

/// <summary>One authenticated API call: its parameters, the connected account it acts for, and the state.</summary>
internal sealed class ApiRequest(EmulatorState state, FormParameters form, string? account, string? id)
{
    public EmulatorState State { get; } = state;

    public FormParameters Form { get; } = form;

    /// <summary>The <c>Stripe-Account</c> header: a connected account the platform acts for, or null.</summary>
    public string? Account { get; } = account;

    /// <summary>The <c>{id}</c> of the route.</summary>
    public string Id { get; } = id ?? "";

    public long Now() => State.Now();

    public JsonObject Get(string id, string kind, string param = "id") => State.Get(id, kind, Account, param);
}

using System.Text.Json.Nodes;
using Mercato.StripeEmulator.Http;

namespace Mercato.StripeEmulator;

/// <summary>The events API and webhook endpoints created through the API (each with its own <c>whsec_</c> secret).</summary>
internal static class EventEndpoints
{
    public static JsonObject Retrieve(ApiRequest r) => r.State.Get(r.Id, "event", null);

    public static JsonObject List(ApiRequest r) => Lists.Page(r, r.State.Events.Where(e => (string?)e["account"] == r.Account || r.Account is null), "/v1/events");

    public static JsonObject CreateEndpoint(ApiRequest r)
    {
        var url = r.Form.RequiredString("url");
        var events = r.Form.Strings("enabled_events");
        if (events.Count == 0)
        {
            throw StripeError.Missing("enabled_events");
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw StripeError.Invalid($"Invalid URL: {url}", "url", "url_invalid");
        }

        var endpoint = AddEndpoint(r.State, uri, events);
        return Render(r.State, endpoint, withSecret: true);
    }

    public static WebhookEndpoint AddEndpoint(EmulatorState state, Uri url, IReadOnlyList<string> events)
    {
        var endpoint = new WebhookEndpoint(EmulatorState.NewId("we_"), url, EmulatorState.NewId("whsec_", 32), events);
        state.Endpoints.Add(endpoint);
        return endpoint;
    }

    public static JsonObject ListEndpoints(ApiRequest r) =>
        Expander.ListOf(r.State.Endpoints.Select(e => Render(r.State, e, withSecret: false)), "/v1/webhook_endpoints");

    public static JsonObject DeleteEndpoint(ApiRequest r)
    {
        if (r.State.Endpoints.RemoveAll(e => e.Id == r.Id) == 0)
        {
            throw StripeError.NoSuch("webhook_endpoint", r.Id);
        }

        return new JsonObject { ["id"] = r.Id, ["object"] = "webhook_endpoint", ["deleted"] = true };
    }

    // Stripe shows an endpoint's secret only in the answer that creates it.
    private static JsonObject Render(EmulatorState state, WebhookEndpoint endpoint, bool withSecret)
    {
        var json = new JsonObject
        {
            ["id"] = endpoint.Id,
            ["object"] = "webhook_endpoint",
            ["api_version"] = state.Options.ApiVersion,
            ["created"] = state.Now(),
            ["enabled_events"] = new JsonArray(endpoint.EnabledEvents.Select(e => (JsonNode)e).ToArray()),
            ["livemode"] = false,
            ["metadata"] = new JsonObject(),
            ["status"] = "enabled",
            ["url"] = endpoint.Url.ToString(),
        };
        if (withSecret)
        {
            json["secret"] = endpoint.Secret;
        }

        return json;
    }
}

using System.Text.Json.Nodes;

namespace Mercato.StripeEmulator.Http;

/// <summary>
/// A request Stripe would refuse. Thrown from deep inside a handler because Stripe, too, stops at the first bad
/// parameter; the request runner turns it into Stripe's error body and status code.
/// </summary>
internal sealed class StripeError(int status, string type, string message, string? code = null, string? param = null)
    : Exception(message)
{
    public int Status { get; } = status;

    public string Type { get; } = type;

    public string? Code { get; } = code;

    public string? Param { get; } = param;

    public string? DeclineCode { get; init; }

    /// <summary>Extra fields of a card error: the charge, the payment intent and the payment method.</summary>
    public JsonObject? Extra { get; init; }

    public static StripeError Invalid(string message, string? param = null, string? code = null) =>
        new(400, "invalid_request_error", message, code ?? (param is null ? null : "parameter_invalid"), param);

    public static StripeError Missing(string param) =>
        new(400, "invalid_request_error", $"Missing required param: {param}.", "parameter_missing", param);

    public static StripeError NoSuch(string kind, string id, string param = "id") =>
        new(404, "invalid_request_error", $"No such {kind}: '{id}'", "resource_missing", param);

    public static StripeError UnexpectedState(string message) =>
        new(400, "invalid_request_error", message, "payment_intent_unexpected_state");

    public JsonObject ToBody()
    {
        var error = new JsonObject { ["type"] = Type, ["message"] = Message };
        if (Code is not null)
        {
            error["code"] = Code;
            error["doc_url"] = $"https://stripe.com/docs/error-codes/{Code.Replace('_', '-')}";
        }

        if (DeclineCode is not null)
        {
            error["decline_code"] = DeclineCode;
        }

        if (Param is not null)
        {
            error["param"] = Param;
        }

        foreach (var (key, value) in Extra ?? [])
        {
            error[key] = value?.DeepClone();
        }

        return new JsonObject { ["error"] = error };
    }
}

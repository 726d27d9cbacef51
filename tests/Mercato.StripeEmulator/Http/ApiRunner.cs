using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Primitives;

namespace Mercato.StripeEmulator.Http;

/// <summary>
/// What every Stripe endpoint does around its own work: API key, <c>Stripe-Account</c>, form parameters,
/// <c>Idempotency-Key</c>, <c>expand[]</c>, the error shape, and handing emitted events to the webhook dispatcher.
/// </summary>
internal sealed class ApiRunner(EmulatorState state, IdempotencyKeys keys, WebhookDispatcher dispatcher)
{
    public async Task<IResult> RunAsync(HttpContext context, Func<ApiRequest, JsonObject> handler)
    {
        var requestId = EmulatorState.NewId("req_", 14);
        var headers = context.Response.Headers;
        headers["Request-Id"] = requestId;
        headers["Stripe-Version"] = context.Request.Headers["Stripe-Version"].FirstOrDefault() ?? state.Options.ApiVersion;

        if (Authenticate(context.Request) is { } authError)
        {
            return Write(authError.Status, authError.ToBody());
        }

        var form = await ReadParametersAsync(context.Request);
        string? account = context.Request.Headers["Stripe-Account"].FirstOrDefault();
        if (!string.IsNullOrEmpty(account))
        {
            headers["Stripe-Account"] = account;
            lock (state.Gate)
            {
                if (state.Find(account) is not { } found || (string?)found["object"] != "account")
                {
                    return Write(403, new StripeError(403, "invalid_request_error",
                        $"The provided key '{Mask(state.Options.SecretKey)}' does not have access to account '{account}' (or that account does not exist). Application access may have been revoked.",
                        "account_invalid").ToBody());
                }
            }
        }
        else
        {
            account = null;
        }

        var key = HttpMethods.IsPost(context.Request.Method) ? context.Request.Headers["Idempotency-Key"].FirstOrDefault() : null;
        var fingerprint = $"{context.Request.Method} {context.Request.Path} {form.Fingerprint}";
        IdempotencyKeys.Entry? entry = null;
        if (!string.IsNullOrEmpty(key))
        {
            headers["Idempotency-Key"] = key;
            (entry, var claimed) = keys.Claim(account, key, fingerprint);
            if (!claimed)
            {
                return Replay(context, entry, key, fingerprint);
            }
        }

        var (status, body) = Execute(form, account, context.GetRouteValue("id") as string, handler, (requestId, key));
        if (entry is not null)
        {
            keys.Complete(account, key!, entry, status, body, requestId);
        }

        return Write(status, body);
    }

    private (int Status, JsonObject Body) Execute(FormParameters form, string? account, string? id, Func<ApiRequest, JsonObject> handler, (string, string?) request)
    {
        (List<JsonObject>, WebhookEndpoint[]) emitted;
        (int, JsonObject) result;
        lock (state.Gate)
        {
            state.CurrentRequest = request;
            try
            {
                var body = handler(new ApiRequest(state, form, account, id)).DeepClone().AsObject();
                Expander.Expand(body, form.Strings("expand"), state);
                result = (200, body);
            }
            catch (StripeError error)
            {
                result = (error.Status, error.ToBody());
            }
            catch (Exception error) when (error is InvalidOperationException or KeyNotFoundException or FormatException or NullReferenceException)
            {
                // A fault of the emulator itself: answered as Stripe answers its own, and never kept for a key.
                result = (500, new StripeError(500, "api_error", $"Emulator fault: {error.Message}").ToBody());
            }
            finally
            {
                state.CurrentRequest = default;
                emitted = state.TakeUnsent();
            }
        }

        dispatcher.Publish(emitted.Item1, emitted.Item2);
        return result;
    }

    private static ContentHttpResult Replay(HttpContext context, IdempotencyKeys.Entry entry, string key, string fingerprint)
    {
        if (entry.Fingerprint != fingerprint)
        {
            return Write(400, new StripeError(400, "idempotency_error",
                $"Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request.").ToBody());
        }

        if (!entry.Done)
        {
            return Write(409, new StripeError(409, "invalid_request_error",
                "There is currently another in-progress request using this Stripe-Idempotency-Key. Please try again later.",
                "idempotency_key_in_use").ToBody());
        }

        context.Response.Headers["Idempotent-Replayed"] = "true";
        context.Response.Headers["Original-Request"] = entry.RequestId;
        return Write(entry.Status, entry.Body!);
    }

    private StripeError? Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.FirstOrDefault() ?? "";
        string? key = null;
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            key = header[7..].Trim();
        }
        else if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            // Stripe also takes the key as the user name of basic authentication.
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
            key = decoded.Split(':')[0];
        }

        if (string.IsNullOrEmpty(key))
        {
            return new StripeError(401, "invalid_request_error",
                "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').");
        }

        return key == state.Options.SecretKey
            ? null
            : new StripeError(401, "invalid_request_error", $"Invalid API Key provided: {Mask(key)}", "api_key_invalid");
    }

    private static string Mask(string key) => key.Length <= 12 ? key : key[..8] + new string('*', key.Length - 12) + key[^4..];

    private static async Task<FormParameters> ReadParametersAsync(HttpRequest request)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        Add(pairs, request.Query);
        if (request.HasFormContentType)
        {
            Add(pairs, await request.ReadFormAsync());
        }

        return FormParameters.Parse(pairs);
    }

    private static void Add(List<KeyValuePair<string, string>> pairs, IEnumerable<KeyValuePair<string, StringValues>> source)
    {
        foreach (var (name, values) in source)
        {
            pairs.AddRange(values.Select(v => new KeyValuePair<string, string>(name, v ?? "")));
        }
    }

    private static ContentHttpResult Write(int status, JsonObject body) =>
        TypedResults.Text(body.ToJsonString(), "application/json", Encoding.UTF8, status);

    /// <summary>Runs emulator controls (hosted pages, test switches) under the lock and publishes their events.</summary>
    public T Control<T>(Func<EmulatorState, T> action)
    {
        (List<JsonObject>, WebhookEndpoint[]) emitted;
        T result;
        lock (state.Gate)
        {
            try
            {
                result = action(state);
            }
            finally
            {
                emitted = state.TakeUnsent();
            }
        }

        dispatcher.Publish(emitted.Item1, emitted.Item2);
        return result;
    }
}

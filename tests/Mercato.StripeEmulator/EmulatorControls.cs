using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.StripeEmulator;

/// <summary>
/// The test controls over HTTP, for a process that cannot call the <see cref="StripeEmulator"/> object: form posts
/// under /_emulator/, answering 204, or 400 with the reason.
/// </summary>
internal static class EmulatorControls
{
    public static void Map(WebApplication app, StripeEmulator emulator)
    {
        var controls = app.MapGroup("/_emulator").DisableAntiforgery();
        controls.MapPost("/accounts/{id}", (string id, HttpRequest request) => Run(request, form =>
            emulator.SetAccountStatus(id, Bool(form, "charges_enabled"), Bool(form, "payouts_enabled"), Bool(form, "details_submitted"))));
        controls.MapPost("/payment_intents/{id}/authenticate", (string id, HttpRequest request) => Run(request, form =>
            emulator.CompleteAuthentication(id, form["outcome"] != "fail")));
        controls.MapPost("/payouts/{id}", (string id, HttpRequest request) => Run(request, form =>
            emulator.SettlePayout(id, form["status"] != "failed")));
        controls.MapPost("/checkout/sessions/{id}/pay", (string id, HttpRequest request) => Run(request, form =>
        {
            if (emulator.PayCheckoutSession(id, form["card"].FirstOrDefault() ?? "4242424242424242") is { } error)
            {
                throw new InvalidOperationException(error);
            }
        }));
        controls.MapPost("/webhooks", (HttpRequest request) => Run(request, form =>
        {
            if (form.ContainsKey("url"))
            {
                throw new InvalidOperationException("Create endpoints with POST /v1/webhook_endpoints.");
            }

            emulator.DuplicateDeliveries = Bool(form, "duplicate") ?? emulator.DuplicateDeliveries;
            emulator.HoldDeliveries = Bool(form, "hold") ?? emulator.HoldDeliveries;
        }));
        controls.MapPost("/webhooks/release", (HttpRequest request) => Run(request, _ => emulator.ReleaseHeldDeliveries()));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Run(HttpRequest request, Action<IFormCollection> action)
    {
        var form = request.HasFormContentType ? await request.ReadFormAsync() : FormCollection.Empty;
        try
        {
            action(form);
            return TypedResults.NoContent();
        }
        catch (InvalidOperationException error)
        {
            return TypedResults.Problem(error.Message, statusCode: 400);
        }
    }

    private static bool? Bool(IFormCollection form, string name) =>
        form[name].FirstOrDefault() is { Length: > 0 } value ? bool.Parse(value) : null;
}

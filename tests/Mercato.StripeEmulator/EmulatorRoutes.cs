using System.Text.Json.Nodes;
using Mercato.StripeEmulator.Checkout;
using Mercato.StripeEmulator.Connect;
using Mercato.StripeEmulator.Http;
using Mercato.StripeEmulator.Payments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Mercato.StripeEmulator;

/// <summary>The route table: Stripe's API under /v1, the hosted pages, and the test controls under /_emulator.</summary>
internal static class EmulatorRoutes
{
    public static void Map(WebApplication app, ApiRunner runner, StripeEmulator emulator)
    {
        void Api(string method, string pattern, Func<ApiRequest, JsonObject> handler) =>
            app.MapMethods(pattern, [method], (Delegate)((HttpContext context) => runner.RunAsync(context, handler)));

        Api("POST", "/v1/payment_intents", PaymentIntents.Create);
        Api("GET", "/v1/payment_intents", PaymentIntents.List);
        Api("GET", "/v1/payment_intents/{id}", PaymentIntents.Retrieve);
        Api("POST", "/v1/payment_intents/{id}", PaymentIntents.Update);
        Api("POST", "/v1/payment_intents/{id}/confirm", PaymentIntents.Confirm);
        Api("POST", "/v1/payment_intents/{id}/capture", PaymentIntents.Capture);
        Api("POST", "/v1/payment_intents/{id}/cancel", PaymentIntents.Cancel);
        Api("GET", "/v1/payment_methods/{id}", PaymentMethods.Retrieve);
        Api("GET", "/v1/charges", Charges.List);
        Api("GET", "/v1/charges/{id}", Charges.Retrieve);
        Api("POST", "/v1/refunds", Refunds.Create);
        Api("GET", "/v1/refunds", Refunds.List);
        Api("GET", "/v1/refunds/{id}", Refunds.Retrieve);
        Api("POST", "/v1/checkout/sessions", CheckoutSessions.Create);
        Api("GET", "/v1/checkout/sessions", CheckoutSessions.List);
        Api("GET", "/v1/checkout/sessions/{id}", CheckoutSessions.Retrieve);
        Api("GET", "/v1/checkout/sessions/{id}/line_items", CheckoutSessions.LineItems);
        Api("POST", "/v1/checkout/sessions/{id}/expire", CheckoutSessions.Expire);
        Api("POST", "/v1/accounts", Accounts.Create);
        Api("GET", "/v1/accounts", Accounts.List);
        Api("GET", "/v1/accounts/{id}", Accounts.Retrieve);
        Api("POST", "/v1/accounts/{id}", Accounts.Update);
        Api("GET", "/v1/account", Accounts.Current);
        Api("POST", "/v1/account_links", AccountLinks.Create);
        Api("POST", "/v1/transfers", Transfers.Create);
        Api("GET", "/v1/transfers", Transfers.List);
        Api("GET", "/v1/transfers/{id}", Transfers.Retrieve);
        Api("POST", "/v1/transfers/{id}/reversals", Transfers.CreateReversal);
        Api("GET", "/v1/application_fees", ApplicationFees.List);
        Api("GET", "/v1/application_fees/{id}", ApplicationFees.Retrieve);
        Api("POST", "/v1/payouts", Payouts.Create);
        Api("GET", "/v1/payouts", Payouts.List);
        Api("GET", "/v1/payouts/{id}", Payouts.Retrieve);
        Api("GET", "/v1/balance", Payouts.Balance);
        Api("GET", "/v1/balance_transactions/{id}", r => r.Get(r.Id, "balance_transaction"));
        Api("GET", "/v1/events", EventEndpoints.List);
        Api("GET", "/v1/events/{id}", EventEndpoints.Retrieve);
        Api("POST", "/v1/webhook_endpoints", EventEndpoints.CreateEndpoint);
        Api("GET", "/v1/webhook_endpoints", EventEndpoints.ListEndpoints);
        Api("DELETE", "/v1/webhook_endpoints/{id}", EventEndpoints.DeleteEndpoint);
        app.MapFallback((Delegate)((HttpContext context) => runner.RunAsync(context, _ => throw new StripeError(404, "invalid_request_error",
            $"Unrecognized request URL ({context.Request.Method}: {context.Request.Path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/."))));

        app.MapGet("/checkout/pay/{id}", (string id) => HostedPages.CheckoutPage(id, runner));
        app.MapPost("/checkout/pay/{id}", (string id, HttpContext context) => HostedPages.PayAsync(id, context, runner)).DisableAntiforgery();
        app.MapGet("/authenticate/{id}", HostedPages.AuthenticationPage);
        app.MapPost("/authenticate/{id}", (string id, HttpContext context) => HostedPages.AuthenticateAsync(id, context, runner)).DisableAntiforgery();
        app.MapGet("/connect/onboarding/{id}", HostedPages.OnboardingPage);
        app.MapPost("/connect/onboarding/{id}", (string id, HttpContext context) => HostedPages.Onboard(id, context, runner)).DisableAntiforgery();

        EmulatorControls.Map(app, emulator);
    }
}

using System.Net;
using System.Text;
using Mercato.StripeEmulator.Connect;
using Mercato.StripeEmulator.Http;
using Mercato.StripeEmulator.Payments;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.StripeEmulator.Checkout;

/// <summary>
/// The pages Stripe hosts, reduced to one form each: Checkout's payment page, the 3-D Secure challenge and Connect
/// onboarding. A browser or a test's HTTP client "pays" by posting the form.
/// </summary>
internal static class HostedPages
{
    public static IResult CheckoutPage(string id, ApiRunner runner) => runner.Control<IResult>(state =>
    {
        if (state.Find(id) is not { } session || (string?)session["object"] != "checkout.session")
        {
            return TypedResults.NotFound();
        }

        var items = new StringBuilder();
        foreach (var item in state.LineItems[id])
        {
            items.Append($"<li>{Encode(item!["description"])} × {item["quantity"]}: {item["amount_total"]} {Encode(item["currency"])}</li>");
        }

        var body = $"""
            <h1>Pay {session["amount_total"]} {Encode(session["currency"])}</h1><ul>{items}</ul><p>Status: {Encode(session["status"])}</p>
            <form method="post"><label>Card number or test payment method <input name="card" value="4242424242424242"></label>
            <label>E-mail <input name="email" value="{Encode(session["customer_email"])}"></label>
            <button name="action" value="pay">Pay</button> <button name="action" value="cancel">Cancel</button></form>
            """;
        return Page("Checkout", body);
    });

    public static async Task<IResult> PayAsync(string id, HttpContext context, ApiRunner runner)
    {
        var form = await context.Request.ReadFormAsync();
        var card = form["card"].FirstOrDefault() is { Length: > 0 } c ? c : "4242424242424242";
        var email = form["email"].FirstOrDefault() is { Length: > 0 } e ? e : null;
        try
        {
            return runner.Control<IResult>(state =>
            {
                var session = state.Find(id)!;
                if (form["action"] == "cancel")
                {
                    return (IResult?)Redirect((string?)session["cancel_url"]) ?? Page("Canceled", "<p>Payment canceled.</p>");
                }

                var error = CheckoutSessions.Pay(state, id, card, email);
                return error is null
                    ? (IResult?)Redirect(((string)session["success_url"]!).Replace("{CHECKOUT_SESSION_ID}", id, StringComparison.Ordinal)) ?? Page("Paid", "<p>Paid.</p>")
                    : TypedResults.Content(Html("Payment failed", $"<p role=\"alert\">{Encode(error)}</p>"), "text/html", Encoding.UTF8, 402);
            });
        }
        catch (StripeError error)
        {
            return TypedResults.Content(Html("Not found", Encode(error.Message)), "text/html", Encoding.UTF8, error.Status);
        }
    }

    public static ContentHttpResult AuthenticationPage(string id) => Page("3-D Secure", $"""
        <h1>Authenticate payment {Encode(id)}</h1><form method="post">
        <button name="outcome" value="complete">Complete authentication</button>
        <button name="outcome" value="fail">Fail authentication</button></form>
        """);

    public static async Task<IResult> AuthenticateAsync(string id, HttpContext context, ApiRunner runner)
    {
        var form = await context.Request.ReadFormAsync();
        var passed = form["outcome"] != "fail";
        try
        {
            var returnUrl = runner.Control(state =>
            {
                var url = (string?)state.Find(id)?["next_action"]?["redirect_to_url"]?["return_url"];
                Authentication.Complete(state, id, passed);
                return url;
            });
            return (IResult?)Redirect(returnUrl) ?? Page("Authenticated", $"<p>Authentication {(passed ? "completed" : "failed")}.</p>");
        }
        catch (StripeError error)
        {
            return TypedResults.Content(Html("Payment failed", Encode(error.Message)), "text/html", Encoding.UTF8, error.Status);
        }
    }

    public static ContentHttpResult OnboardingPage(string id) => Page("Connect onboarding", $"""
        <h1>Onboard {Encode(id)}</h1><form method="post"><button>Submit details</button></form>
        """);

    public static IResult Onboard(string id, HttpContext context, ApiRunner runner)
    {
        try
        {
            runner.Control(state => Accounts.SetStatus(state, id, true, true, true));
        }
        catch (StripeError error)
        {
            return TypedResults.Content(Html("Not found", Encode(error.Message)), "text/html", Encoding.UTF8, error.Status);
        }

        return (IResult?)Redirect(context.Request.Query["return_url"].FirstOrDefault()) ?? Page("Onboarded", "<p>Details submitted.</p>");
    }

    private static RedirectHttpResult? Redirect(string? url) => string.IsNullOrEmpty(url) ? null : TypedResults.Redirect(url);

    private static ContentHttpResult Page(string title, string body) => TypedResults.Content(Html(title, body), "text/html", Encoding.UTF8);

    private static string Html(string title, string body) =>
        $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{Encode(title)}</title></head><body>{body}</body></html>";

    private static string Encode(object? value) => WebUtility.HtmlEncode(value?.ToString() ?? "");
}

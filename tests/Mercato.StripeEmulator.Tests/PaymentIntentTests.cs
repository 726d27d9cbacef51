using System.Net;
using Stripe;

namespace Mercato.StripeEmulator.Tests;

public sealed class PaymentIntentTests : EmulatorTest
{
    [Fact]
    public async Task A_confirmed_card_payment_succeeds_with_a_charge_net_of_Stripes_fee()
    {
        var service = new PaymentIntentService(Client);
        var created = await service.CreateAsync(new PaymentIntentCreateOptions { Amount = 2_000, Currency = "usd", Metadata = new() { ["order"] = "42" } });
        created.Id.ShouldStartWith("pi_");
        created.Status.ShouldBe("requires_payment_method");
        created.ClientSecret.ShouldStartWith(created.Id + "_secret_");

        var withMethod = await service.UpdateAsync(created.Id, new PaymentIntentUpdateOptions { PaymentMethod = "pm_card_visa" });
        withMethod.Status.ShouldBe("requires_confirmation");
        var confirmed = await service.ConfirmAsync(created.Id, new PaymentIntentConfirmOptions());
        confirmed.Status.ShouldBe("succeeded");
        confirmed.AmountReceived.ShouldBe(2_000);

        var expanded = await service.GetAsync(created.Id, new PaymentIntentGetOptions { Expand = ["latest_charge.balance_transaction"] });
        var charge = expanded.LatestCharge;
        charge.Id.ShouldStartWith("ch_");
        charge.Captured.ShouldBeTrue();
        charge.PaymentMethodDetails.Card.Last4.ShouldBe("4242");
        charge.Metadata["order"].ShouldBe("42");
        charge.BalanceTransaction.Fee.ShouldBe(2_000 * 290 / 10_000 + 30);
        charge.BalanceTransaction.Net.ShouldBe(2_000 - 88);
        (await AvailableAsync()).ShouldBe(2_000 - 88);
    }

    [Fact]
    public async Task Manual_capture_holds_the_amount_until_part_of_it_is_captured()
    {
        var service = new PaymentIntentService(Client);
        var authorised = await PayAsync(10_000, captureMethod: "manual");
        authorised.Status.ShouldBe("requires_capture");
        authorised.AmountCapturable.ShouldBe(10_000);
        (await AvailableAsync()).ShouldBe(0);

        var captured = await service.CaptureAsync(authorised.Id, new PaymentIntentCaptureOptions { AmountToCapture = 6_000 });
        captured.Status.ShouldBe("succeeded");
        captured.AmountReceived.ShouldBe(6_000);
        var charge = await new ChargeService(Client).GetAsync(captured.LatestChargeId);
        charge.AmountCaptured.ShouldBe(6_000);
        charge.AmountRefunded.ShouldBe(4_000);

        var again = await FailsAsync(() => service.CaptureAsync(authorised.Id, new PaymentIntentCaptureOptions()), HttpStatusCode.BadRequest);
        again.StripeError.Code.ShouldBe("payment_intent_unexpected_state");
    }

    [Theory]
    [InlineData("pm_card_chargeDeclined", "card_declined", "generic_decline")]
    [InlineData("pm_card_chargeDeclinedInsufficientFunds", "card_declined", "insufficient_funds")]
    [InlineData("pm_card_chargeDeclinedLostCard", "card_declined", "lost_card")]
    [InlineData("pm_card_chargeDeclinedExpiredCard", "expired_card", "expired_card")]
    [InlineData("pm_card_chargeDeclinedIncorrectCvc", "incorrect_cvc", "incorrect_cvc")]
    public async Task A_declined_test_card_raises_a_card_error_and_leaves_the_intent_awaiting_a_new_method(string method, string code, string declineCode)
    {
        var error = await FailsAsync(() => PayAsync(1_500, method), HttpStatusCode.PaymentRequired);
        error.StripeError.Type.ShouldBe("card_error");
        error.StripeError.Code.ShouldBe(code);
        error.StripeError.DeclineCode.ShouldBe(declineCode);
        error.StripeError.PaymentIntent.Status.ShouldBe("requires_payment_method");

        var pi = await new PaymentIntentService(Client).GetAsync(error.StripeError.PaymentIntent.Id);
        pi.LastPaymentError.Code.ShouldBe(code);
        var charge = await new ChargeService(Client).GetAsync(pi.LatestChargeId);
        charge.Status.ShouldBe("failed");
        charge.FailureCode.ShouldBe(code);

        var retried = await new PaymentIntentService(Client).ConfirmAsync(pi.Id, new PaymentIntentConfirmOptions { PaymentMethod = "pm_card_visa" });
        retried.Status.ShouldBe("succeeded");
        await DeliveredAsync("payment_intent.payment_failed");
    }

    [Fact]
    public async Task A_3ds_card_requires_action_until_the_buyer_authenticates_on_the_emulators_page()
    {
        var service = new PaymentIntentService(Client);
        var pi = await service.CreateAsync(new PaymentIntentCreateOptions
        {
            Amount = 3_000,
            Currency = "usd",
            PaymentMethod = "pm_card_authenticationRequired",
            Confirm = true,
            ReturnUrl = "https://shop.example/return",
        });
        pi.Status.ShouldBe("requires_action");
        pi.NextAction.Type.ShouldBe("redirect_to_url");
        pi.NextAction.RedirectToUrl.ReturnUrl.ShouldBe("https://shop.example/return");

        var page = await Browser.GetAsync(pi.NextAction.RedirectToUrl.Url);
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var done = await Browser.PostAsync(pi.NextAction.RedirectToUrl.Url, new FormUrlEncodedContent(new Dictionary<string, string> { ["outcome"] = "complete" }));
        done.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        done.Headers.Location!.ToString().ShouldBe("https://shop.example/return");
        (await service.GetAsync(pi.Id)).Status.ShouldBe("succeeded");
        await DeliveredAsync("payment_intent.requires_action");
    }

    [Fact]
    public async Task Failing_3ds_returns_the_intent_to_requires_payment_method()
    {
        var pi = await PayAsync(3_000, "pm_card_threeDSecure2Required");
        pi.Status.ShouldBe("requires_action");
        pi.NextAction.Type.ShouldBe("use_stripe_sdk");

        Emulator.CompleteAuthentication(pi.Id, passed: false).ShouldBe("requires_payment_method");
        var after = await new PaymentIntentService(Client).GetAsync(pi.Id);
        after.LastPaymentError.Code.ShouldBe("payment_intent_authentication_failure");
        after.PaymentMethodId.ShouldBeNull();
    }

    [Fact]
    public async Task Canceling_releases_an_authorisation_and_a_canceled_intent_cannot_be_confirmed()
    {
        var service = new PaymentIntentService(Client);
        var pi = await PayAsync(5_000, captureMethod: "manual");
        var canceled = await service.CancelAsync(pi.Id, new PaymentIntentCancelOptions { CancellationReason = "requested_by_customer" });
        canceled.Status.ShouldBe("canceled");
        canceled.CancellationReason.ShouldBe("requested_by_customer");
        (await new ChargeService(Client).GetAsync(pi.LatestChargeId)).Refunded.ShouldBeTrue();

        var error = await FailsAsync(() => service.ConfirmAsync(pi.Id, new PaymentIntentConfirmOptions { PaymentMethod = "pm_card_visa" }), HttpStatusCode.BadRequest);
        error.StripeError.Code.ShouldBe("payment_intent_unexpected_state");
        var succeeded = await PayAsync(5_000);
        (await FailsAsync(() => service.CancelAsync(succeeded.Id, new PaymentIntentCancelOptions()), HttpStatusCode.BadRequest))
            .StripeError.Message.ShouldContain("status of succeeded");
    }

    [Fact]
    public async Task Bad_requests_get_Stripes_error_codes()
    {
        var service = new PaymentIntentService(Client);
        (await FailsAsync(() => service.GetAsync("pi_doesnotexist"), HttpStatusCode.NotFound)).StripeError.Code.ShouldBe("resource_missing");
        (await FailsAsync(() => service.CreateAsync(new PaymentIntentCreateOptions { Currency = "usd" }), HttpStatusCode.BadRequest))
            .StripeError.Param.ShouldBe("amount");
        (await FailsAsync(() => service.CreateAsync(new PaymentIntentCreateOptions { Amount = 10, Currency = "usd" }), HttpStatusCode.BadRequest))
            .StripeError.Code.ShouldBe("amount_too_small");
        (await FailsAsync(() => service.CreateAsync(new PaymentIntentCreateOptions { Amount = 1_000, Currency = "usd", ApplicationFeeAmount = 100 }), HttpStatusCode.BadRequest))
            .StripeError.Param.ShouldBe("application_fee_amount");
        (await FailsAsync(() => PayAsync(1_000, "pm_card_unknown"), HttpStatusCode.BadRequest)).StripeError.Code.ShouldBe("resource_missing");
    }

    [Fact]
    public async Task A_wrong_or_missing_API_key_is_refused_with_401()
    {
        var wrong = await FailsAsync(() => new PaymentIntentService(NewClient("sk_test_wrongwrongwrong")).GetAsync("pi_x"), HttpStatusCode.Unauthorized);
        wrong.StripeError.Message.ShouldStartWith("Invalid API Key provided");

        using var http = new HttpClient();
        var anonymous = await http.GetAsync(new Uri(Emulator.BaseUri, "v1/payment_intents"));
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.Content.ReadAsStringAsync()).ShouldContain("\"type\":\"invalid_request_error\"");
    }
}

using System.Net;
using Stripe;
using Stripe.Checkout;

namespace Mercato.StripeEmulator.Tests;

public sealed class CheckoutTests : EmulatorTest
{
    private static SessionCreateOptions Cart(string? destination = null, long? fee = null) => new()
    {
        Mode = "payment",
        SuccessUrl = "https://shop.example/done?session={CHECKOUT_SESSION_ID}",
        CancelUrl = "https://shop.example/cart",
        CustomerEmail = "buyer@example.com",
        ClientReferenceId = "purchase-7",
        Metadata = new() { ["purchase"] = "7" },
        LineItems =
        [
            new SessionLineItemOptions { Quantity = 2, PriceData = new SessionLineItemPriceDataOptions { Currency = "usd", UnitAmount = 1_500, ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Case of mugs" } } },
            new SessionLineItemOptions { Quantity = 1, PriceData = new SessionLineItemPriceDataOptions { Currency = "usd", UnitAmount = 4_900, ProductData = new SessionLineItemPriceDataProductDataOptions { Name = "Research agent" } } },
        ],
        PaymentIntentData = destination is null ? null : new SessionPaymentIntentDataOptions
        {
            ApplicationFeeAmount = fee,
            TransferData = new SessionPaymentIntentDataTransferDataOptions { Destination = destination },
        },
    };

    private Task<HttpResponseMessage> PayOnPageAsync(Session session, string card = "4242424242424242") =>
        Browser.PostAsync(session.Url, new FormUrlEncodedContent(new Dictionary<string, string> { ["card"] = card, ["action"] = "pay" }));

    [Fact]
    public async Task A_session_paid_on_the_hosted_page_completes_and_sends_checkout_session_completed()
    {
        var service = new SessionService(Client);
        var session = await service.CreateAsync(Cart());
        session.Id.ShouldStartWith("cs_test_");
        session.Status.ShouldBe("open");
        session.PaymentStatus.ShouldBe("unpaid");
        session.AmountTotal.ShouldBe(7_900);
        (await Browser.GetAsync(session.Url)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var paid = await PayOnPageAsync(session);
        paid.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        paid.Headers.Location!.ToString().ShouldBe($"https://shop.example/done?session={session.Id}");

        var completed = await service.GetAsync(session.Id, new SessionGetOptions { Expand = ["payment_intent", "line_items"] });
        completed.Status.ShouldBe("complete");
        completed.PaymentStatus.ShouldBe("paid");
        completed.Url.ShouldBeNull();
        completed.PaymentIntent.Status.ShouldBe("succeeded");
        completed.PaymentIntent.Amount.ShouldBe(7_900);
        completed.LineItems.Data.Select(i => i.Description).ShouldBe(["Case of mugs", "Research agent"]);
        (await new SessionLineItemService(Client).ListAsync(session.Id)).Data.Sum(i => i.AmountTotal).ShouldBe(7_900);

        var evt = (await DeliveredAsync("checkout.session.completed")).Single();
        var sent = (Session)evt.Data.Object;
        sent.Id.ShouldBe(session.Id);
        sent.ClientReferenceId.ShouldBe("purchase-7");
        sent.Metadata["purchase"].ShouldBe("7");
        sent.PaymentIntentId.ShouldBe(completed.PaymentIntent.Id);
    }

    [Fact]
    public async Task A_declined_card_on_the_page_leaves_the_session_open_for_another_card()
    {
        var service = new SessionService(Client);
        var session = await service.CreateAsync(Cart());

        var declined = await PayOnPageAsync(session, "4000000000000002");
        declined.StatusCode.ShouldBe(HttpStatusCode.PaymentRequired);
        (await declined.Content.ReadAsStringAsync()).ShouldContain("Your card was declined.");
        (await service.GetAsync(session.Id)).Status.ShouldBe("open");

        (await PayOnPageAsync(session)).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var completed = await service.GetAsync(session.Id);
        completed.Status.ShouldBe("complete");
        (await new PaymentIntentService(Client).GetAsync(completed.PaymentIntentId)).Status.ShouldBe("succeeded");
        (await new ChargeService(Client).ListAsync(new ChargeListOptions { PaymentIntent = completed.PaymentIntentId })).Data.Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_expired_session_cannot_be_paid_or_expired_again()
    {
        var service = new SessionService(Client);
        var session = await service.CreateAsync(Cart());
        var expired = await service.ExpireAsync(session.Id);
        expired.Status.ShouldBe("expired");
        await DeliveredAsync("checkout.session.expired");

        (await FailsAsync(() => service.ExpireAsync(session.Id), HttpStatusCode.BadRequest)).StripeError.Message.ShouldContain("open");
        (await PayOnPageAsync(session)).StatusCode.ShouldBe(HttpStatusCode.PaymentRequired);
        Emulator.PayCheckoutSession(session.Id).ShouldBe("This Checkout Session is expired.");
    }

    [Fact]
    public async Task A_session_for_one_seller_becomes_a_destination_charge_with_the_platform_fee()
    {
        var seller = await OnboardedAccountAsync();
        var session = await new SessionService(Client).CreateAsync(Cart(seller.Id, fee: 790));
        Emulator.PayCheckoutSession(session.Id).ShouldBeNull();

        var completed = await new SessionService(Client).GetAsync(session.Id, new SessionGetOptions { Expand = ["payment_intent.latest_charge"] });
        var charge = completed.PaymentIntent.LatestCharge;
        charge.ApplicationFeeAmount.ShouldBe(790);
        var transfer = await new TransferService(Client).GetAsync(charge.TransferId);
        transfer.Amount.ShouldBe(7_900);
        transfer.DestinationId.ShouldBe(seller.Id);
        (await AvailableAsync(seller.Id)).ShouldBe(7_900 - 790);
    }

    [Fact]
    public async Task Invalid_sessions_are_refused_with_the_parameter_named()
    {
        var service = new SessionService(Client);
        var noItems = Cart();
        noItems.LineItems = null;
        (await FailsAsync(() => service.CreateAsync(noItems), HttpStatusCode.BadRequest)).StripeError.Param.ShouldBe("line_items");

        var mixed = Cart();
        mixed.LineItems[1].PriceData.Currency = "eur";
        (await FailsAsync(() => service.CreateAsync(mixed), HttpStatusCode.BadRequest)).StripeError.Param.ShouldBe("line_items[1][price_data][currency]");

        (await FailsAsync(() => service.CreateAsync(Cart("acct_unknown", 100)), HttpStatusCode.BadRequest))
            .StripeError.Param.ShouldBe("payment_intent_data[transfer_data][destination]");
    }
}

using System.Text.Json.Nodes;
using Stripe;

namespace Mercato.StripeEmulator.Tests;

public sealed class WebhookTests : EmulatorTest
{
    private async Task<PaymentIntent> PaidAndRefundedAsync()
    {
        var pi = await PayAsync(2_500);
        await new RefundService(Client).CreateAsync(new RefundCreateOptions { PaymentIntent = pi.Id, Amount = 1_000 });
        return pi;
    }

    [Fact]
    public async Task Stripe_net_accepts_every_webhook_the_emulator_signs()
    {
        var seller = await OnboardedAccountAsync();
        await PaidAndRefundedAsync();
        await new TransferService(Client).CreateAsync(new TransferCreateOptions { Amount = 500, Currency = "usd", Destination = seller.Id });
        var payout = await new PayoutService(Client).CreateAsync(new PayoutCreateOptions { Amount = 500, Currency = "usd" }, As(seller.Id));
        Emulator.SettlePayout(payout.Id);
        await Emulator.WaitForDeliveriesAsync(TimeSpan.FromSeconds(10));

        var emitted = Emulator.Events.Select(e => (string)e["id"]!).ToList();
        emitted.Count.ShouldBeGreaterThan(8);
        var received = Receiver.Received.Select(d => EventUtility.ConstructEvent(d.Payload, d.Signature, Endpoint.Secret)).ToList();
        received.Select(e => e.Id).ShouldBe(emitted, ignoreOrder: true);
        received.ShouldAllBe(e => e.ApiVersion == StripeConfiguration.ApiVersion && e.Id.StartsWith("evt_"));
        received.Select(e => e.Type).ShouldContain("refund.created");
        received.Single(e => e.Type == "payout.paid").Account.ShouldBe(seller.Id);
    }

    [Fact]
    public async Task A_tampered_stale_or_wrongly_signed_webhook_is_rejected()
    {
        await PayAsync(2_500);
        var delivery = (await DeliveredAsync("payment_intent.succeeded")).Count == 1
            ? Receiver.Received.First(d => d.Payload.Contains("\"payment_intent.succeeded\""))
            : throw new InvalidOperationException("one delivery expected");
        EventUtility.ConstructEvent(delivery.Payload, delivery.Signature, Endpoint.Secret).Type.ShouldBe("payment_intent.succeeded");

        var tampered = delivery.Payload.Replace("\"amount\":2500", "\"amount\":1", StringComparison.Ordinal);
        tampered.ShouldNotBe(delivery.Payload);
        Should.Throw<StripeException>(() => EventUtility.ConstructEvent(tampered, delivery.Signature, Endpoint.Secret));
        Should.Throw<StripeException>(() => EventUtility.ConstructEvent(delivery.Payload, delivery.Signature, "whsec_someoneelse"));
        var stale = WebhookSigner.Sign(delivery.Payload, Endpoint.Secret, DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds());
        Should.Throw<StripeException>(() => EventUtility.ConstructEvent(delivery.Payload, stale, Endpoint.Secret));
        var fresh = WebhookSigner.Sign(delivery.Payload, Endpoint.Secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        EventUtility.ConstructEvent(delivery.Payload, fresh, Endpoint.Secret).Id.ShouldNotBeNull();
    }

    [Fact]
    public async Task A_refused_delivery_is_retried_until_the_endpoint_answers_2xx()
    {
        Receiver.Refuse(2);
        var pi = await PayAsync(2_500);
        var succeeded = (await DeliveredAsync("payment_intent.succeeded")).Single();
        await Emulator.WaitForDeliveriesAsync(TimeSpan.FromSeconds(10));

        Receiver.Refused.Count.ShouldBe(2);
        ((PaymentIntent)succeeded.Data.Object).Id.ShouldBe(pi.Id);
        var attempts = Emulator.DeliveryAttempts;
        attempts.Count(a => !a.Succeeded).ShouldBe(2);
        attempts.Where(a => a.Attempt > 1).ShouldAllBe(a => a.Succeeded);
        attempts.Select(a => a.EventId).Distinct().Count().ShouldBe(Emulator.Events.Count);
        Receiver.Received.Count.ShouldBe(Emulator.Events.Count);
    }

    [Fact]
    public async Task Delivery_to_an_unreachable_endpoint_gives_up_after_the_retries()
    {
        await using var emulator = await StripeEmulator.StartAsync(new StripeEmulatorOptions
        {
            ApiVersion = StripeConfiguration.ApiVersion,
            WebhookRetryDelays = [TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)],
        });
        emulator.AddWebhookEndpoint(new Uri("http://127.0.0.1:9/webhook"));
        emulator.SetAccountStatus((await new AccountService(new StripeClient(new StripeClientOptions { ApiKey = emulator.SecretKey, ApiBase = emulator.ApiBase }))
            .CreateAsync(new AccountCreateOptions { Type = "express" })).Id, chargesEnabled: true);
        await emulator.WaitForDeliveriesAsync(TimeSpan.FromSeconds(10));

        var attempts = emulator.DeliveryAttempts;
        attempts.Select(a => a.Attempt).ShouldBe([1, 2, 3]);
        attempts.ShouldAllBe(a => a.StatusCode == null);
    }

    [Fact]
    public async Task Duplicate_delivery_sends_every_event_twice_each_copy_verifiable()
    {
        Emulator.DuplicateDeliveries = true;
        await PayAsync(2_500);
        await Emulator.WaitForDeliveriesAsync(TimeSpan.FromSeconds(10));

        var received = Receiver.Received.Select(d => EventUtility.ConstructEvent(d.Payload, d.Signature, Endpoint.Secret)).ToList();
        received.Count.ShouldBe(2 * Emulator.Events.Count);
        received.GroupBy(e => e.Id).ShouldAllBe(g => g.Count() == 2);
    }

    [Fact]
    public async Task Held_deliveries_are_released_newest_first_so_a_refund_arrives_before_its_payment()
    {
        Emulator.HoldDeliveries = true;
        await PaidAndRefundedAsync();
        await Task.Delay(200);
        Receiver.Received.ShouldBeEmpty();

        Emulator.ReleaseHeldDeliveries().ShouldBe(Emulator.Events.Count);
        await Emulator.WaitForDeliveriesAsync(TimeSpan.FromSeconds(10));
        var types = Receiver.Received.Select(d => EventUtility.ConstructEvent(d.Payload, d.Signature, Endpoint.Secret).Type).ToList();
        types.IndexOf("charge.refunded").ShouldBeLessThan(types.IndexOf("payment_intent.succeeded"));
        types.Last().ShouldBe("payment_intent.created");
    }

    [Fact]
    public async Task An_endpoint_created_through_the_API_has_its_own_secret_and_gets_only_its_events()
    {
        await using var payouts = await WebhookReceiver.StartAsync();
        var endpoint = await new WebhookEndpointService(Client).CreateAsync(new WebhookEndpointCreateOptions
        {
            Url = payouts.Url.ToString(),
            EnabledEvents = ["payout.created", "payout.paid"],
        });
        endpoint.Id.ShouldStartWith("we_");
        endpoint.Secret.ShouldStartWith("whsec_");

        var seller = await OnboardedAccountAsync();
        await PayAsync(5_000);
        await new TransferService(Client).CreateAsync(new TransferCreateOptions { Amount = 1_000, Currency = "usd", Destination = seller.Id });
        var payout = await new PayoutService(Client).CreateAsync(new PayoutCreateOptions { Amount = 1_000, Currency = "usd" }, As(seller.Id));
        Emulator.SettlePayout(payout.Id);
        await Emulator.WaitForDeliveriesAsync(TimeSpan.FromSeconds(10));

        payouts.Received.Select(d => EventUtility.ConstructEvent(d.Payload, d.Signature, endpoint.Secret).Type).ShouldBe(["payout.created", "payout.paid"]);
        Should.Throw<StripeException>(() => EventUtility.ConstructEvent(payouts.Received.First().Payload, payouts.Received.First().Signature, Endpoint.Secret));
    }

    [Fact]
    public async Task Events_can_be_read_back_with_the_request_that_caused_them()
    {
        var pi = await new PaymentIntentService(Client).CreateAsync(
            new PaymentIntentCreateOptions { Amount = 2_500, Currency = "usd" }, new RequestOptions { IdempotencyKey = "order-5" });
        var events = await new EventService(Client).ListAsync(new EventListOptions { Type = "payment_intent.created" });
        var created = events.Data.Single();
        ((PaymentIntent)created.Data.Object).Id.ShouldBe(pi.Id);
        created.Request.IdempotencyKey.ShouldBe("order-5");
        (await new EventService(Client).GetAsync(created.Id)).Type.ShouldBe("payment_intent.created");
        JsonNode.Parse(Emulator.Events.Single()["data"]!["object"]!.ToJsonString())!["id"]!.GetValue<string>().ShouldBe(pi.Id);
    }
}

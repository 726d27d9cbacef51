using System.Net;
using Stripe;

namespace Mercato.StripeEmulator.Tests;

public sealed class IdempotencyTests : EmulatorTest
{
    private static PaymentIntentCreateOptions Intent(long amount) =>
        new() { Amount = amount, Currency = "usd", PaymentMethod = "pm_card_visa", Confirm = true };

    [Fact]
    public async Task The_same_key_and_parameters_replay_the_first_response_without_charging_again()
    {
        var service = new PaymentIntentService(Client);
        var options = new RequestOptions { IdempotencyKey = "order-1-payment" };
        var first = await service.CreateAsync(Intent(4_000), options);
        var second = await service.CreateAsync(Intent(4_000), options);

        second.Id.ShouldBe(first.Id);
        second.StripeResponse.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        first.StripeResponse.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        (await service.ListAsync()).Data.Count.ShouldBe(1);
        (await new ChargeService(Client).ListAsync()).Data.Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_same_key_with_other_parameters_is_an_idempotency_error()
    {
        var service = new PaymentIntentService(Client);
        var options = new RequestOptions { IdempotencyKey = "order-2-payment" };
        await service.CreateAsync(Intent(4_000), options);

        var error = await FailsAsync(() => service.CreateAsync(Intent(5_000), options), HttpStatusCode.BadRequest);
        error.StripeError.Type.ShouldBe("idempotency_error");
        (await service.ListAsync()).Data.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_decline_is_replayed_too_so_a_retry_does_not_try_the_card_again()
    {
        var service = new PaymentIntentService(Client);
        var options = new RequestOptions { IdempotencyKey = "order-3-payment" };
        var create = new PaymentIntentCreateOptions { Amount = 4_000, Currency = "usd", PaymentMethod = "pm_card_chargeDeclined", Confirm = true };
        var first = await FailsAsync(() => service.CreateAsync(create, options), HttpStatusCode.PaymentRequired);
        var second = await FailsAsync(() => service.CreateAsync(create, options), HttpStatusCode.PaymentRequired);

        second.StripeError.Charge.ShouldBe(first.StripeError.Charge);
        (await new ChargeService(Client).ListAsync()).Data.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_request_refused_for_its_parameters_does_not_keep_the_key()
    {
        var service = new PaymentIntentService(Client);
        var options = new RequestOptions { IdempotencyKey = "order-4-payment" };
        await FailsAsync(() => service.CreateAsync(new PaymentIntentCreateOptions { Currency = "usd" }, options), HttpStatusCode.BadRequest);

        var created = await service.CreateAsync(Intent(4_000), options);
        created.Status.ShouldBe("succeeded");
    }

    [Fact]
    public async Task Keys_are_scoped_to_the_account_making_the_request()
    {
        var account = await OnboardedAccountAsync();
        var service = new PaymentIntentService(Client);
        var platform = await service.CreateAsync(Intent(4_000), new RequestOptions { IdempotencyKey = "shared-key" });
        var connected = await service.CreateAsync(Intent(4_000), new RequestOptions { IdempotencyKey = "shared-key", StripeAccount = account.Id });

        connected.Id.ShouldNotBe(platform.Id);
        (await FailsAsync(() => service.GetAsync(connected.Id), HttpStatusCode.NotFound)).StripeError.Code.ShouldBe("resource_missing");
        (await service.GetAsync(connected.Id, null, As(account.Id))).Id.ShouldBe(connected.Id);
    }
}

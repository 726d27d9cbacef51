using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Mercato.Server.Tests.Infrastructure;
using Mercato.Server.Tests.Orders;
using Stripe;

namespace Mercato.Server.Tests.Payments;

/// <summary>Connect transfers at payout, refunds after payout, deposits held and captured or voided, and what the webhook refuses.</summary>
public abstract partial class StripePaymentTests
{
    [SkippableFact]
    public async Task A_purchase_from_two_sellers_is_one_charge_whose_transfers_are_made_once_at_payout_and_a_later_refund_reverses_one()
    {
        fixture.SkipIfUnavailable();
        await using var s = await StripeShop.OpenAsync(fixture);
        var shop = s.Shop;
        var maker = await s.OnboardAsync(shop.Maker);
        var vendor = await s.OnboardAsync(shop.Vendor);
        await shop.SetStockAsync(shop.Bottle, 5);
        using var buyer = shop.Guest();
        var purchase = await Shop.BuyAsync(buyer, shop.Bottle, shop.Agent);
        var bottle = (long)Shop.OrderOf(purchase, shop.Maker)["id"]!;
        var agent = (long)Shop.OrderOf(purchase, shop.Vendor)["id"]!;
        var session = (string)purchase["payment"]!["checkoutSessionId"]!;
        fixture.Emulator.PayCheckoutSession(session, "pm_card_visa").ShouldBeNull();
        await s.WaitForStateAsync(bottle, "paid");
        await s.WaitForStateAsync(agent, "paid");
        await s.SettleAsync();
        (await s.ScalarAsync("SELECT COUNT(*) FROM payouts WHERE tenant_id = @tenantId")).ShouldBe(0);

        // The hold keeps the payables until it has passed.
        await s.Admin.PutAsync("api/payments/settings", Shop.Json(new { payoutHoldDays = 3 }));
        var held = await PayoutsAsync(s, "run-1");
        held["paid"]!.AsArray().Count.ShouldBe(0);
        await s.Admin.PutAsync("api/payments/settings", Shop.Json(new { payoutHoldDays = 0 }));
        var run = await PayoutsAsync(s, "run-2");
        run["paid"]!.AsArray().Count.ShouldBe(2);
        (await PayoutsAsync(s, "run-2"))["paid"]!.AsArray().Count.ShouldBe(2); // the same key answers the first run again
        (await PayoutsAsync(s, "run-3"))["paid"]!.AsArray().Count.ShouldBe(0);

        var intent = (await new Stripe.Checkout.SessionService(s.Stripe).GetAsync(session)).PaymentIntentId;
        var charge = (await new PaymentIntentService(s.Stripe).GetAsync(intent)).LatestChargeId;
        var transfers = (await new TransferService(s.Stripe).ListAsync(new TransferListOptions { TransferGroup = $"mercato-t{shop.T.Tenant.Id}-purchase-{purchase["purchaseId"]}" })).Data;
        transfers.Select(t => t.DestinationId).Order().ShouldBe(new[] { maker, vendor }.Order());
        transfers.ShouldAllBe(t => t.SourceTransactionId == charge);
        foreach (var seller in new[] { shop.Maker, shop.Vendor })
        {
            var payments = (await s.Admin.GetFromJsonAsync<JsonObject>($"api/sellers/{seller}/payments"))!;
            payments["payable"]!.AsArray().Sum(p => (long)p!["amount"]!).ShouldBe(0);
            ((string)payments["payouts"]![0]!["transferId"]!).ShouldStartWith("tr_");
        }

        // A refund after the payout takes the seller's share back from its transfer.
        var agentTotal = (long)(await s.OrderAsync(agent))["total"]!;
        await (await shop.Admin.PostJsonAsync($"api/orders/{agent}/refunds", new { })).JsonAsync(HttpStatusCode.OK);
        var vendorTransfer = transfers.Single(t => t.DestinationId == vendor);
        (await new TransferService(s.Stripe).GetAsync(vendorTransfer.Id)).AmountReversed.ShouldBe(vendorTransfer.Amount);
        ((long)(await s.OrderAsync(agent))["refunded"]!).ShouldBe(agentTotal);
        (await s.Admin.GetFromJsonAsync<JsonObject>($"api/sellers/{shop.Vendor}/payments"))!["payable"]!.AsArray().Sum(p => (long)p!["amount"]!).ShouldBe(0);
        await s.SettleAsync();
        ((long)(await s.OrderAsync(agent))["refunded"]!).ShouldBe(agentTotal);
        await shop.AssertLedgerBalancedAsync();
    }

    [SkippableFact]
    public async Task Without_transfer_reversal_a_refund_after_payout_leaves_the_seller_owing_the_marketplace()
    {
        fixture.SkipIfUnavailable();
        await using var s = await StripeShop.OpenAsync(fixture);
        var shop = s.Shop;
        await s.OnboardAsync(shop.Maker);
        await s.Admin.PutAsync("api/payments/settings", Shop.Json(new { refundPolicy = new { reverseTransfer = false, refundApplicationFee = false } }));
        using var buyer = shop.Guest();
        // Not onboarded when buying: a platform charge, paid out later by transfer.
        var purchase = await Shop.BuyAsync(buyer, shop.Agent);
        var order = (long)purchase["orders"]![0]!["id"]!;
        fixture.Emulator.PayCheckoutSession((string)purchase["payment"]!["checkoutSessionId"]!).ShouldBeNull();
        await s.WaitForStateAsync(order, "paid");
        (await PayoutsAsync(s, "wait"))["waiting"]!.GetValue<int>().ShouldBe(1); // the vendor has no Connect account yet
        await s.OnboardAsync(shop.Vendor);
        (await PayoutsAsync(s, "pay"))["paid"]!.AsArray().Count.ShouldBe(1);
        var paidOut = (long)(await s.Admin.GetFromJsonAsync<JsonObject>($"api/sellers/{shop.Vendor}/payments"))!["payouts"]![0]!["amount"]!;

        await (await shop.Admin.PostJsonAsync($"api/orders/{order}/refunds", new { amount = 1000 })).JsonAsync(HttpStatusCode.OK);
        var payable = (await s.Admin.GetFromJsonAsync<JsonObject>($"api/sellers/{shop.Vendor}/payments"))!["payable"]!.AsArray().Sum(p => (long)p!["amount"]!);
        payable.ShouldBeLessThan(0);
        Math.Abs(payable + (1000 * paidOut / Shop.AgentPrice)).ShouldBeLessThanOrEqualTo(1);
        await s.SettleAsync();
        await shop.AssertLedgerBalancedAsync();
    }

    [SkippableFact]
    public async Task A_vehicle_deposit_is_authorized_then_captured_on_completion_or_voided_on_release()
    {
        fixture.SkipIfUnavailable();
        await using var s = await StripeShop.OpenAsync(fixture);
        var shop = s.Shop;
        var second = (long)(await shop.Admin.CreateVehicleAsync(shop.Dealer, "V2"))["id"]!;
        var intents = new PaymentIntentService(s.Stripe);
        async Task<(long Order, string Intent)> ReserveAsync(long car)
        {
            using var buyer = shop.Guest();
            await Shop.AddAsync(buyer, car);
            var purchase = await (await buyer.PostJsonAsync("api/checkout", new { email = "driver@example.com", country = "US", payment = "intent" })).JsonAsync(HttpStatusCode.Created);
            var (order, intent) = ((long)purchase["orders"]![0]!["id"]!, (string)purchase["payment"]!["paymentIntentId"]!);
            (await intents.ConfirmAsync(intent, new PaymentIntentConfirmOptions { PaymentMethod = "pm_card_visa" })).Status.ShouldBe("requires_capture");
            await s.WaitForStateAsync(order, "reserved");
            return (order, intent);
        }

        var (sold, soldIntent) = await ReserveAsync(shop.Car);
        await (await shop.FireAsync(sold, "complete")).JsonAsync(HttpStatusCode.OK);
        (await intents.GetAsync(soldIntent)).Status.ShouldBe("succeeded");

        var (released, releasedIntent) = await ReserveAsync(second);
        var after = await (await shop.FireAsync(released, "release")).JsonAsync(HttpStatusCode.OK);
        (await intents.GetAsync(releasedIntent)).Status.ShouldBe("canceled");
        ((string)after["state"]!).ShouldBe("released");
        ((long)after["refunded"]!).ShouldBe((long)after["paid"]!);
        ((string)(await shop.Admin.GetFromJsonAsync<JsonObject>($"api/listings/{second}/stock"))!["status"]!).ShouldBe("available");
        await s.SettleAsync();
        ((string)(await s.OrderAsync(released))["state"]!).ShouldBe("released");
        ((string)(await s.OrderAsync(sold))["state"]!).ShouldBe("completed");
        await shop.AssertLedgerBalancedAsync();
    }

    [SkippableFact]
    public async Task A_tampered_stale_or_unsigned_webhook_is_refused_and_a_replayed_event_does_nothing()
    {
        fixture.SkipIfUnavailable();
        await using var s = await StripeShop.OpenAsync(fixture);
        using var stripe = s.Shop.Guest();
        var payload = new JsonObject
        {
            ["id"] = $"evt_test_{Guid.NewGuid():N}",
            ["object"] = "event",
            ["api_version"] = StripeConfiguration.ApiVersion,
            ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 1,
            ["type"] = "customer.created",
            ["data"] = new JsonObject { ["object"] = new JsonObject { ["id"] = "cus_1", ["object"] = "customer" } },
        }.ToJsonString();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        (await SendAsync(stripe, payload, Sign(s.WebhookSecret, now, payload.Replace("cus_1", "cus_2", StringComparison.Ordinal)))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await SendAsync(stripe, payload, Sign(s.WebhookSecret, now - 301, payload))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await SendAsync(stripe, payload, Sign("whsec_another_secret", now, payload))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var unsigned = await (await SendAsync(stripe, payload, null)).JsonAsync(HttpStatusCode.BadRequest);
        ((string)unsigned["title"]!).ShouldBe("Webhook refused");

        ((bool)(await (await SendAsync(stripe, payload, Sign(s.WebhookSecret, now, payload))).JsonAsync(HttpStatusCode.OK))["duplicate"]!).ShouldBeFalse();
        ((bool)(await (await SendAsync(stripe, payload, Sign(s.WebhookSecret, now + 1, payload))).JsonAsync(HttpStatusCode.OK))["duplicate"]!).ShouldBeTrue();
        (await s.ScalarAsync("SELECT COUNT(*) FROM stripe_events WHERE tenant_id = @tenantId")).ShouldBe(1);

        // Another marketplace's secret does not open this one.
        await using var other = await StripeShop.OpenAsync(fixture);
        (await SendAsync(stripe, payload, Sign(other.WebhookSecret, now, payload))).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [SkippableFact]
    public async Task Connect_accounts_are_per_seller_and_marketplace_and_bad_settings_are_field_problems()
    {
        fixture.SkipIfUnavailable();
        await using var s = await StripeShop.OpenAsync(fixture);
        var shop = s.Shop;
        var problem = await (await s.Admin.PostJsonAsync($"api/sellers/{shop.Maker}/stripe/account", new { accountId = "acct_nosuchaccount" })).JsonAsync(HttpStatusCode.BadRequest);
        problem["errors"]!["accountId"].ShouldNotBeNull();
        (await s.Admin.PostAsync($"api/sellers/{shop.Maker}/stripe/onboarding-link", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        var account = await (await s.Admin.PostAsync($"api/sellers/{shop.Maker}/stripe/account", null)).JsonAsync(HttpStatusCode.Created);
        (await (await s.Admin.PostAsync($"api/sellers/{shop.Maker}/stripe/account", null)).JsonAsync(HttpStatusCode.OK))["accountId"]!.ToString().ShouldBe(account["accountId"]!.ToString());
        var link = await (await s.Admin.PostAsync($"api/sellers/{shop.Maker}/stripe/onboarding-link", null)).JsonAsync(HttpStatusCode.OK);
        ((string)link["url"]!).ShouldStartWith(fixture.Emulator.ApiBase);
        (await s.Admin.PostJsonAsync($"api/sellers/{shop.Vendor}/stripe/account", new { accountId = (string)account["accountId"]! })).StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        await using var other = await StripeShop.OpenAsync(fixture);
        (await other.Admin.GetAsync($"api/sellers/{shop.Maker}/payments")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await other.Admin.PostAsync($"api/sellers/{shop.Maker}/stripe/account", null)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await shop.Guest().GetAsync($"api/sellers/{shop.Maker}/payments")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var settings = await s.Admin.GetFromJsonAsync<JsonObject>("api/payments/settings");
        settings!.ToJsonString().ShouldNotContain(fixture.Emulator.SecretKey);
        settings.ToJsonString().ShouldNotContain(s.WebhookSecret);
        var bad = await (await s.Admin.PutAsync("api/payments/stripe/settings", Shop.Json(new { secretKey = "pk_test_public", webhookSecret = "nope" }))).JsonAsync(HttpStatusCode.BadRequest);
        bad["errors"]!["secretKey"].ShouldNotBeNull();
        bad["errors"]!["webhookSecret"].ShouldNotBeNull();
        using var fresh = await fixture.CreateTenantAsync();
        (await (await fresh.Http.PutAsync("api/payments/settings", Shop.Json(new { provider = "stripe" }))).JsonAsync(HttpStatusCode.BadRequest))["errors"]!["provider"].ShouldNotBeNull();
        (await (await fresh.Http.PutAsync("api/payments/settings", Shop.Json(new { payoutHoldDays = -1 }))).JsonAsync(HttpStatusCode.BadRequest))["errors"]!["payoutHoldDays"].ShouldNotBeNull();
        (await shop.Guest().PutAsync("api/payments/settings", Shop.Json(new { provider = "manual" }))).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [SkippableFact]
    public async Task Manual_provider_payouts_are_recorded_once_after_the_hold()
    {
        fixture.SkipIfUnavailable();
        using var shop = await Shop.OpenAsync(fixture);
        using var buyer = shop.Guest();
        var order = (long)(await Shop.BuyAsync(buyer, shop.Agent))["orders"]![0]!["id"]!;
        await shop.PayAsync(order);
        var request = new HttpRequestMessage(HttpMethod.Post, "api/payments/payouts/run");
        ((JsonArray)(await (await shop.Admin.SendAsync(request)).JsonAsync(HttpStatusCode.OK))["paid"]!).Count.ShouldBe(0); // 7 days by default
        await shop.Admin.PutAsync("api/payments/settings", Shop.Json(new { payoutHoldDays = 0 }));
        var paid = (await (await shop.Admin.PostAsync("api/payments/payouts/run", null)).JsonAsync(HttpStatusCode.OK))["paid"]!.AsArray();
        paid.Count.ShouldBe(1);
        ((string)paid[0]!["provider"]!).ShouldBe("manual");
        (await (await shop.Admin.PostAsync("api/payments/payouts/run", null)).JsonAsync(HttpStatusCode.OK))["paid"]!.AsArray().Count.ShouldBe(0);
        (await shop.Admin.GetFromJsonAsync<JsonObject>($"api/sellers/{shop.Vendor}/balance"))!["payable"]!.AsArray().Sum(p => (long)p!["amount"]!).ShouldBe(0);
        await shop.AssertLedgerBalancedAsync();
    }

    private static async Task<JsonObject> PayoutsAsync(StripeShop s, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/payments/payouts/run");
        request.Headers.Add("Idempotency-Key", key);
        return await (await s.Admin.SendAsync(request)).JsonAsync(HttpStatusCode.OK);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string payload, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/payments/stripe/webhook") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        }

        return client.SendAsync(request);
    }

    private static string Sign(string secret, long timestamp, string payload)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{payload}"));
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mercato.Server.Tests.Infrastructure;
using Mercato.Server.Tests.Orders;
using Stripe;

namespace Mercato.Server.Tests.Payments;

/// <summary>Paying through Stripe (the emulator, driven with Stripe.net): hosted checkout, PaymentIntents, webhooks, refunds. On both engines.</summary>
public abstract partial class StripePaymentTests(StripeFixture fixture)
{
    [SkippableFact]
    public async Task A_one_seller_purchase_paid_on_the_hosted_page_is_a_destination_charge_marked_paid_by_the_webhook_and_refunded_back_from_the_seller()
    {
        fixture.SkipIfUnavailable();
        await using var s = await StripeShop.OpenAsync(fixture);
        var shop = s.Shop;
        await shop.Admin.PutAsync("api/commerce/settings", Shop.Json(new
        {
            taxRates = new[] { new { country = "US", rateBasisPoints = 800 } },
            commission = new { percentBasisPoints = 1500, fixedAmount = 25 },
        }));
        var account = await s.OnboardAsync(shop.Vendor);
        using var buyer = shop.Guest();
        var purchase = await Shop.BuyAsync(buyer, shop.Agent);
        var order = Shop.OrderOf(purchase, shop.Vendor);
        var (orderId, total, tax, fee) = ((long)order["id"]!, (long)order["total"]!, (long)order["tax"]!, (long)order["platformFee"]!);
        var payment = purchase["payment"]!;
        ((string)payment["nextAction"]!).ShouldBe("redirect_to_checkout");
        ((string)payment["redirectUrl"]!).ShouldStartWith(fixture.Emulator.ApiBase);
        ((string)order["state"]!).ShouldBe("pending_payment");

        fixture.Emulator.PayCheckoutSession((string)payment["checkoutSessionId"]!).ShouldBeNull();
        var paid = await s.WaitForStateAsync(orderId, "paid");
        ((long)paid["paid"]!).ShouldBe(total);
        await s.SettleAsync();

        // Stripe moved the money to the seller with the charge and kept the commission plus the tax.
        var session = await new Stripe.Checkout.SessionService(s.Stripe).GetAsync((string)payment["checkoutSessionId"]!);
        var intent = await new PaymentIntentService(s.Stripe).GetAsync(session.PaymentIntentId, new PaymentIntentGetOptions { Expand = ["latest_charge"] });
        intent.ApplicationFeeAmount.ShouldBe(fee + tax);
        intent.TransferData.DestinationId.ShouldBe(account);
        var payments = (await s.Admin.GetFromJsonAsync<JsonObject>($"api/sellers/{shop.Vendor}/payments"))!;
        var payout = payments["payouts"]!.AsArray().Single()!;
        ((long)payout["amount"]!).ShouldBe(total - tax - fee);
        ((string)payout["transferId"]!).ShouldBe(intent.LatestCharge.TransferId);
        payments["payable"]!.AsArray().Sum(p => (long)p!["amount"]!).ShouldBe(0);
        (await s.ScalarAsync("SELECT COUNT(*) FROM ledger_entries WHERE tenant_id = @tenantId AND account = 'processor_fees'")).ShouldBe(1);

        var refunded = await (await shop.Admin.PostJsonAsync($"api/orders/{orderId}/refunds", new { })).JsonAsync(HttpStatusCode.OK);
        ((string)refunded["state"]!).ShouldBe("refunded");
        await s.SettleAsync();
        var after = await s.OrderAsync(orderId);
        ((long)after["refunded"]!).ShouldBe(total);
        (await new RefundService(s.Stripe).ListAsync(new RefundListOptions { PaymentIntent = intent.Id })).Data.Count.ShouldBe(1);
        // The transfer came back less the fee Stripe returned to the seller: the seller owes nothing and is owed nothing.
        var balance = (await s.Admin.GetFromJsonAsync<JsonObject>($"api/sellers/{shop.Vendor}/payments"))!["payable"]!.AsArray().Sum(p => (long)p!["amount"]!);
        Math.Abs(balance).ShouldBeLessThanOrEqualTo(1);
        (await s.ScalarAsync($"SELECT COUNT(*) FROM order_transitions WHERE tenant_id = @tenantId AND order_id = {orderId} AND transition = 'refund'")).ShouldBe(1);
        await shop.AssertLedgerBalancedAsync();
    }

    [SkippableFact]
    public async Task A_declined_card_and_an_authentication_leave_the_order_pending_until_the_buyer_completes_3D_Secure()
    {
        fixture.SkipIfUnavailable();
        await using var s = await StripeShop.OpenAsync(fixture);
        var shop = s.Shop;
        await shop.SetStockAsync(shop.Bottle, 3);
        using var buyer = shop.Guest();
        await Shop.AddAsync(buyer, shop.Bottle, 2);
        var purchase = await (await buyer.PostJsonAsync("api/checkout", new { email = "api@example.com", country = "US", payment = "intent" })).JsonAsync(HttpStatusCode.Created);
        var orderId = (long)purchase["orders"]![0]!["id"]!;
        var payment = purchase["payment"]!;
        ((string)payment["nextAction"]!).ShouldBe("confirm_payment_intent");
        var intentId = (string)payment["paymentIntentId"]!;
        ((string)payment["clientSecret"]!).ShouldStartWith(intentId + "_secret");

        var intents = new PaymentIntentService(s.Stripe);
        var declined = await Should.ThrowAsync<StripeException>(() => intents.ConfirmAsync(intentId, new PaymentIntentConfirmOptions { PaymentMethod = "pm_card_chargeDeclined" }));
        declined.StripeError.Code.ShouldBe("card_declined");
        await s.SettleAsync();
        ((string)(await s.OrderAsync(orderId))["state"]!).ShouldBe("pending_payment");

        var challenged = await intents.ConfirmAsync(intentId, new PaymentIntentConfirmOptions { PaymentMethod = "pm_card_threeDSecure2Required", ReturnUrl = "https://example.com/back" });
        challenged.Status.ShouldBe("requires_action");
        await s.SettleAsync();
        ((string)(await s.OrderAsync(orderId))["state"]!).ShouldBe("pending_payment");
        ((long)(await shop.Admin.GetFromJsonAsync<JsonObject>($"api/listings/{shop.Bottle}/stock"))!["reserved"]!).ShouldBe(2);

        fixture.Emulator.CompleteAuthentication(intentId).ShouldBe("succeeded");
        var paid = await s.WaitForStateAsync(orderId, "paid");
        ((string)paid["history"]!.AsArray()[^1]!["actor"]!).ShouldBe("system");
        var stock = (await shop.Admin.GetFromJsonAsync<JsonObject>($"api/listings/{shop.Bottle}/stock"))!;
        ((long)stock["available"]!, (long)stock["reserved"]!).ShouldBe((1L, 0L));
        (await shop.Admin.PostAsync($"api/orders/{orderId}/payments", null)).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await s.SettleAsync();
        await shop.AssertLedgerBalancedAsync();
    }

    [SkippableFact]
    public async Task Duplicated_and_reordered_webhooks_pay_once_and_record_a_refund_made_at_Stripe_once()
    {
        fixture.SkipIfUnavailable();
        await using var s = await StripeShop.OpenAsync(fixture);
        var shop = s.Shop;
        using var buyer = shop.Guest();
        await Shop.AddAsync(buyer, shop.Agent);
        var purchase = await (await buyer.PostJsonAsync("api/checkout", new { email = "api@example.com", country = "US", payment = "intent" })).JsonAsync(HttpStatusCode.Created);
        var orderId = (long)purchase["orders"]![0]!["id"]!;
        var intentId = (string)purchase["payment"]!["paymentIntentId"]!;
        fixture.Emulator.DuplicateDeliveries = true;
        fixture.Emulator.HoldDeliveries = true;
        try
        {
            await new PaymentIntentService(s.Stripe).ConfirmAsync(intentId, new PaymentIntentConfirmOptions { PaymentMethod = "pm_card_visa" });
            // A partial refund made in Stripe's dashboard, not through Mercato.
            await new RefundService(s.Stripe).CreateAsync(new RefundCreateOptions { PaymentIntent = intentId, Amount = 1000 });
            fixture.Emulator.HoldDeliveries = false;
            fixture.Emulator.ReleaseHeldDeliveries().ShouldBeGreaterThan(4);
        }
        finally
        {
            fixture.Emulator.HoldDeliveries = false;
            fixture.Emulator.DuplicateDeliveries = false;
            fixture.Emulator.ReleaseHeldDeliveries();
        }

        await s.SettleAsync();
        var order = await s.OrderAsync(orderId);
        ((string)order["state"]!).ShouldBe("partially_refunded");
        ((long)order["paid"]!, (long)order["refunded"]!).ShouldBe((Shop.AgentPrice, 1000L));
        var history = order["history"]!.AsArray().Select(h => (string)h!["transition"]!).ToList();
        history.ShouldBe(["place", "pay", "partial_refund"]);
        (await s.ScalarAsync("SELECT COUNT(*) FROM stripe_events WHERE tenant_id = @tenantId")).ShouldBe(
            await s.ScalarAsync("SELECT COUNT(DISTINCT event_id) FROM stripe_events WHERE tenant_id = @tenantId"));
        (await s.ScalarAsync($"SELECT COUNT(DISTINCT journal) FROM ledger_entries WHERE tenant_id = @tenantId AND order_id = {orderId}")).ShouldBe(2);
        await shop.AssertLedgerBalancedAsync();
    }

    [SkippableFact]
    public async Task A_retried_payment_start_after_a_lost_commit_gets_the_same_PaymentIntent_and_Stripe_holds_one()
    {
        fixture.SkipIfUnavailable();
        await using var s = await StripeShop.OpenAsync(fixture);
        var shop = s.Shop;
        using var buyer = shop.Guest();
        await Shop.AddAsync(buyer, shop.Agent);
        var purchase = await (await buyer.PostJsonAsync("api/checkout", new { email = "api@example.com", country = "US", payment = "intent" })).JsonAsync(HttpStatusCode.Created);
        var purchaseId = (long)purchase["purchaseId"]!;
        var first = (string)purchase["payment"]!["paymentIntentId"]!;

        // As if the process died after Stripe answered and before our record committed.
        (await s.ScalarAsync($"DELETE FROM stripe_payments WHERE tenant_id = @tenantId AND purchase_id = {purchaseId}")).ShouldBe(0);
        var retried = await (await buyer.PostJsonAsync($"api/purchases/{purchaseId}/payment", new { payment = "intent" })).JsonAsync(HttpStatusCode.OK);
        ((string)retried["paymentIntentId"]!).ShouldBe(first);
        var all = await new PaymentIntentService(s.Stripe).ListAsync(new PaymentIntentListOptions { Limit = 100 });
        all.Data.Count(pi => pi.Metadata.GetValueOrDefault("mercato_purchase") == purchaseId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && pi.Metadata.GetValueOrDefault("mercato_tenant") == shop.T.Tenant.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(1);

        (await shop.Guest().PostJsonAsync($"api/purchases/{purchaseId}/payment", new { })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await new PaymentIntentService(s.Stripe).ConfirmAsync(first, new PaymentIntentConfirmOptions { PaymentMethod = "pm_card_visa" });
        await s.WaitForStateAsync((long)purchase["orders"]![0]!["id"]!, "paid");
        (await buyer.PostJsonAsync($"api/purchases/{purchaseId}/payment", new { })).StatusCode.ShouldBe(HttpStatusCode.Conflict);
        await s.SettleAsync();
        await shop.AssertLedgerBalancedAsync();
    }

    [SkippableFact]
    public async Task A_payment_that_arrives_after_the_order_was_cancelled_is_returned_to_the_buyer_in_full()
    {
        fixture.SkipIfUnavailable();
        await using var s = await StripeShop.OpenAsync(fixture);
        var shop = s.Shop;
        await shop.SetStockAsync(shop.Bottle, 2);
        using var buyer = shop.Guest();
        var purchase = await Shop.BuyAsync(buyer, shop.Bottle);
        var orderId = (long)purchase["orders"]![0]!["id"]!;
        await (await shop.FireAsync(orderId, "cancel", by: buyer)).JsonAsync(HttpStatusCode.OK);

        // The payment page was still open in another tab.
        fixture.Emulator.PayCheckoutSession((string)purchase["payment"]!["checkoutSessionId"]!).ShouldBeNull();
        await s.SettleAsync();
        var session = await new Stripe.Checkout.SessionService(s.Stripe).GetAsync((string)purchase["payment"]!["checkoutSessionId"]!);
        var refunds = (await new RefundService(s.Stripe).ListAsync(new RefundListOptions { PaymentIntent = session.PaymentIntentId })).Data;
        refunds.Sum(r => r.Amount).ShouldBe((long)purchase["total"]!);
        var order = await s.OrderAsync(orderId);
        ((string)order["state"]!, (long)order["paid"]!, (long)order["refunded"]!).ShouldBe(("cancelled", 0L, 0L));
        var stock = (await shop.Admin.GetFromJsonAsync<JsonObject>($"api/listings/{shop.Bottle}/stock"))!;
        ((long)stock["available"]!, (long)stock["reserved"]!).ShouldBe((2L, 0L));
        (await s.ScalarAsync("SELECT COUNT(*) FROM ledger_entries WHERE tenant_id = @tenantId AND account = 'seller_payable'")).ShouldBe(0);
        await shop.AssertLedgerBalancedAsync();
    }
}

public sealed class StripePaymentSqliteTests(StripeSqliteFixture fixture) : StripePaymentTests(fixture), IClassFixture<StripeSqliteFixture>;

public sealed class StripePaymentPostgresTests(StripePostgresFixture fixture) : StripePaymentTests(fixture), IClassFixture<StripePostgresFixture>;

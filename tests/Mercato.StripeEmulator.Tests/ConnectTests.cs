using System.Net;
using Stripe;

namespace Mercato.StripeEmulator.Tests;

public sealed class ConnectTests : EmulatorTest
{
    [Fact]
    public async Task An_express_account_is_enabled_by_onboarding_through_its_account_link()
    {
        var account = await new AccountService(Client).CreateAsync(new AccountCreateOptions
        {
            Type = "express",
            Email = "dealer@example.com",
            Capabilities = new AccountCapabilitiesOptions { Transfers = new AccountCapabilitiesTransfersOptions { Requested = true } },
        });
        account.Id.ShouldStartWith("acct_");
        account.ChargesEnabled.ShouldBeFalse();
        account.PayoutsEnabled.ShouldBeFalse();
        account.Requirements.CurrentlyDue.ShouldNotBeEmpty();

        var link = await new AccountLinkService(Client).CreateAsync(new AccountLinkCreateOptions
        {
            Account = account.Id,
            Type = "account_onboarding",
            RefreshUrl = "https://shop.example/onboarding/refresh",
            ReturnUrl = "https://shop.example/onboarding/done",
        });
        link.ExpiresAt.ShouldBeGreaterThan(link.Created);
        (await Browser.GetAsync(link.Url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var submitted = await Browser.PostAsync(link.Url, new FormUrlEncodedContent([]));
        submitted.Headers.Location!.ToString().ShouldBe("https://shop.example/onboarding/done");

        var onboarded = await new AccountService(Client).GetAsync(account.Id);
        onboarded.ChargesEnabled.ShouldBeTrue();
        onboarded.PayoutsEnabled.ShouldBeTrue();
        onboarded.DetailsSubmitted.ShouldBeTrue();
        onboarded.Capabilities.Transfers.ShouldBe("active");

        var evt = (await DeliveredAsync("account.updated")).Single();
        evt.Account.ShouldBe(account.Id);
        ((Account)evt.Data.Object).ChargesEnabled.ShouldBeTrue();
        bool wasEnabled = evt.Data.PreviousAttributes.charges_enabled;
        wasEnabled.ShouldBeFalse();
    }

    [Fact]
    public async Task The_control_endpoint_switches_charges_and_payouts_and_tells_the_platform()
    {
        var account = await OnboardedAccountAsync();
        using var http = new HttpClient();
        var response = await http.PostAsync(new Uri(Emulator.BaseUri, $"_emulator/accounts/{account.Id}"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["charges_enabled"] = "false", ["payouts_enabled"] = "false" }));
        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        var disabled = await new AccountService(Client).GetAsync(account.Id);
        disabled.ChargesEnabled.ShouldBeFalse();
        disabled.PayoutsEnabled.ShouldBeFalse();
        var updates = await DeliveredAsync("account.updated", 2);
        ((Account)updates.Last().Data.Object).ChargesEnabled.ShouldBeFalse();

        var error = await FailsAsync(() => new TransferService(Client).CreateAsync(new TransferCreateOptions { Amount = 100, Currency = "usd", Destination = account.Id }), HttpStatusCode.BadRequest);
        error.StripeError.Code.ShouldBe("balance_insufficient");
        await PayAsync(5_000);
        (await FailsAsync(() => new TransferService(Client).CreateAsync(new TransferCreateOptions { Amount = 100, Currency = "usd", Destination = account.Id }), HttpStatusCode.BadRequest))
            .StripeError.Code.ShouldBe("insufficient_capabilities_for_transfer");
    }

    [Fact]
    public async Task A_destination_charge_pays_the_seller_less_the_application_fee()
    {
        var seller = await OnboardedAccountAsync();
        var pi = await new PaymentIntentService(Client).CreateAsync(new PaymentIntentCreateOptions
        {
            Amount = 10_000,
            Currency = "usd",
            PaymentMethod = "pm_card_visa",
            Confirm = true,
            ApplicationFeeAmount = 1_230,
            TransferData = new PaymentIntentTransferDataOptions { Destination = seller.Id },
            TransferGroup = "order-9",
        });
        var charge = await new ChargeService(Client).GetAsync(pi.LatestChargeId, new ChargeGetOptions { Expand = ["application_fee", "transfer"] });
        charge.Transfer.Amount.ShouldBe(10_000);
        charge.Transfer.DestinationPaymentId.ShouldStartWith("py_");
        charge.ApplicationFee.Id.ShouldStartWith("fee_");
        charge.ApplicationFee.Amount.ShouldBe(1_230);
        charge.ApplicationFee.AccountId.ShouldBe(seller.Id);

        (await AvailableAsync(seller.Id)).ShouldBe(8_770);
        (await AvailableAsync()).ShouldBe(1_230 - (10_000 * 290 / 10_000 + 30));
        await DeliveredAsync("application_fee.created");
        await DeliveredAsync("transfer.created");
    }

    [Fact]
    public async Task Separate_transfers_draw_on_their_source_charge_and_no_further()
    {
        var first = await OnboardedAccountAsync();
        var second = await OnboardedAccountAsync();
        var pi = await new PaymentIntentService(Client).CreateAsync(new PaymentIntentCreateOptions
        {
            Amount = 10_000,
            Currency = "usd",
            PaymentMethod = "pm_card_visa",
            Confirm = true,
            TransferGroup = "purchase-3",
        });
        var transfers = new TransferService(Client);
        TransferCreateOptions To(string account, long amount) => new()
        {
            Amount = amount,
            Currency = "usd",
            Destination = account,
            TransferGroup = "purchase-3",
            SourceTransaction = pi.LatestChargeId,
        };

        var a = await transfers.CreateAsync(To(first.Id, 6_000));
        var b = await transfers.CreateAsync(To(second.Id, 3_000));
        a.Id.ShouldStartWith("tr_");
        a.SourceTransactionId.ShouldBe(pi.LatestChargeId);
        (await FailsAsync(() => transfers.CreateAsync(To(second.Id, 2_000)), HttpStatusCode.BadRequest)).StripeError.Code.ShouldBe("balance_insufficient");

        var group = await transfers.ListAsync(new TransferListOptions { TransferGroup = "purchase-3" });
        group.Data.Select(t => t.Id).ShouldBe([b.Id, a.Id]);
        (await AvailableAsync(first.Id)).ShouldBe(6_000);
        (await AvailableAsync(second.Id)).ShouldBe(3_000);
        (await FailsAsync(() => transfers.CreateAsync(To("acct_missing", 100)), HttpStatusCode.BadRequest)).StripeError.Param.ShouldBe("destination");
    }

    [Fact]
    public async Task Refunds_reverse_the_transfer_and_the_fee_in_proportion_and_the_last_takes_the_rest()
    {
        var seller = await OnboardedAccountAsync();
        var pi = await new PaymentIntentService(Client).CreateAsync(new PaymentIntentCreateOptions
        {
            Amount = 9_999,
            Currency = "usd",
            PaymentMethod = "pm_card_visa",
            Confirm = true,
            ApplicationFeeAmount = 1_001,
            TransferData = new PaymentIntentTransferDataOptions { Destination = seller.Id },
        });
        var refunds = new RefundService(Client);
        var partial = await refunds.CreateAsync(new RefundCreateOptions { PaymentIntent = pi.Id, Amount = 3_333, ReverseTransfer = true, RefundApplicationFee = true });
        partial.Id.ShouldStartWith("re_");
        partial.Status.ShouldBe("succeeded");
        partial.TransferReversalId.ShouldStartWith("trr_");
        var charge = await new ChargeService(Client).GetAsync(pi.LatestChargeId, new ChargeGetOptions { Expand = ["transfer", "application_fee"] });
        charge.AmountRefunded.ShouldBe(3_333);
        charge.Refunded.ShouldBeFalse();
        charge.Transfer.AmountReversed.ShouldBe(3_333);
        charge.ApplicationFee.AmountRefunded.ShouldBe(334);

        (await FailsAsync(() => refunds.CreateAsync(new RefundCreateOptions { Charge = charge.Id, Amount = 7_000 }), HttpStatusCode.BadRequest))
            .StripeError.Code.ShouldBe("amount_too_large");
        await refunds.CreateAsync(new RefundCreateOptions { Charge = charge.Id, ReverseTransfer = true, RefundApplicationFee = true });
        var refunded = await new ChargeService(Client).GetAsync(charge.Id, new ChargeGetOptions { Expand = ["transfer", "application_fee"] });
        refunded.Refunded.ShouldBeTrue();
        refunded.Transfer.Reversed.ShouldBeTrue();
        refunded.ApplicationFee.Refunded.ShouldBeTrue();
        (await AvailableAsync(seller.Id)).ShouldBe(0);
        // The platform is left with Stripe's processing fee: 2.9 % of 99.99 rounds to 2.90, plus 0.30.
        (await AvailableAsync()).ShouldBe(-(290 + 30));
        (await FailsAsync(() => refunds.CreateAsync(new RefundCreateOptions { Charge = charge.Id }), HttpStatusCode.BadRequest))
            .StripeError.Code.ShouldBe("charge_already_refunded");
        (await DeliveredAsync("charge.refunded", 2)).Select(e => ((Charge)e.Data.Object).AmountRefunded).ShouldBe([3_333L, 9_999L], ignoreOrder: true);
    }

    [Fact]
    public async Task A_connected_account_pays_out_its_balance_once_payouts_are_enabled()
    {
        var seller = await OnboardedAccountAsync();
        await PayAsync(20_000);
        await new TransferService(Client).CreateAsync(new TransferCreateOptions { Amount = 15_000, Currency = "usd", Destination = seller.Id });
        var payouts = new PayoutService(Client);

        (await FailsAsync(() => payouts.CreateAsync(new PayoutCreateOptions { Amount = 15_001, Currency = "usd" }, As(seller.Id)), HttpStatusCode.BadRequest))
            .StripeError.Code.ShouldBe("balance_insufficient");
        var payout = await payouts.CreateAsync(new PayoutCreateOptions { Amount = 15_000, Currency = "usd" }, As(seller.Id));
        payout.Id.ShouldStartWith("po_");
        payout.Status.ShouldBe("pending");
        (await AvailableAsync(seller.Id)).ShouldBe(0);
        (await FailsAsync(() => payouts.GetAsync(payout.Id), HttpStatusCode.NotFound)).StripeError.Code.ShouldBe("resource_missing");

        Emulator.SettlePayout(payout.Id);
        (await payouts.GetAsync(payout.Id, null, As(seller.Id))).Status.ShouldBe("paid");
        var paid = (await DeliveredAsync("payout.paid")).Single();
        paid.Account.ShouldBe(seller.Id);

        Emulator.SetAccountStatus(seller.Id, payoutsEnabled: false);
        (await FailsAsync(() => payouts.CreateAsync(new PayoutCreateOptions { Amount = 1, Currency = "usd" }, As(seller.Id)), HttpStatusCode.BadRequest))
            .StripeError.Code.ShouldBe("payouts_not_allowed");
    }

    [Fact]
    public async Task A_failed_payout_returns_its_money_to_the_balance()
    {
        var seller = await OnboardedAccountAsync();
        await PayAsync(5_000);
        await new TransferService(Client).CreateAsync(new TransferCreateOptions { Amount = 4_000, Currency = "usd", Destination = seller.Id });
        var payout = await new PayoutService(Client).CreateAsync(new PayoutCreateOptions { Amount = 4_000, Currency = "usd" }, As(seller.Id));

        Emulator.SettlePayout(payout.Id, paid: false);
        var failed = await new PayoutService(Client).GetAsync(payout.Id, null, As(seller.Id));
        failed.Status.ShouldBe("failed");
        failed.FailureCode.ShouldBe("account_closed");
        (await AvailableAsync(seller.Id)).ShouldBe(4_000);
    }

    [Fact]
    public async Task An_unknown_Stripe_Account_header_is_refused()
    {
        var error = await FailsAsync(() => new BalanceService(Client).GetAsync(As("acct_nosuchaccount")), HttpStatusCode.Forbidden);
        error.StripeError.Code.ShouldBe("account_invalid");
    }
}

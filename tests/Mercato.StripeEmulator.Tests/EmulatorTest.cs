using System.Net;
using Stripe;

namespace Mercato.StripeEmulator.Tests;

/// <summary>
/// Each test gets its own emulator, a Stripe.net client pointed at it, and a webhook receiver registered with it.
/// </summary>
public abstract class EmulatorTest : IAsyncLifetime
{
    protected StripeEmulator Emulator { get; private set; } = null!;

    protected StripeClient Client { get; private set; } = null!;

    protected WebhookReceiver Receiver { get; private set; } = null!;

    protected WebhookEndpoint Endpoint { get; private set; } = null!;

    /// <summary>Plain HTTP for the hosted pages; redirects are checked, not followed (they lead off the machine).</summary>
    protected HttpClient Browser { get; } = new(new HttpClientHandler { AllowAutoRedirect = false });

    public async Task InitializeAsync()
    {
        Emulator = await StripeEmulator.StartAsync(new StripeEmulatorOptions { ApiVersion = StripeConfiguration.ApiVersion });
        Client = NewClient(Emulator.SecretKey);
        Receiver = await WebhookReceiver.StartAsync();
        Endpoint = Emulator.AddWebhookEndpoint(Receiver.Url);
    }

    public async Task DisposeAsync()
    {
        Browser.Dispose();
        await Emulator.DisposeAsync();
        await Receiver.DisposeAsync();
    }

    protected StripeClient NewClient(string apiKey) => new(new StripeClientOptions
    {
        ApiKey = apiKey,
        ApiBase = Emulator.ApiBase,
        ConnectBase = Emulator.ApiBase,
    });

    protected static RequestOptions As(string accountId) => new() { StripeAccount = accountId };

    protected Task<PaymentIntent> PayAsync(long amount, string paymentMethod = "pm_card_visa", string? captureMethod = null, RequestOptions? options = null) =>
        new PaymentIntentService(Client).CreateAsync(new PaymentIntentCreateOptions
        {
            Amount = amount,
            Currency = "usd",
            PaymentMethod = paymentMethod,
            Confirm = true,
            CaptureMethod = captureMethod,
        }, options);

    /// <summary>An Express account that has finished onboarding, so it can take charges and payouts.</summary>
    protected async Task<Account> OnboardedAccountAsync()
    {
        var account = await new AccountService(Client).CreateAsync(new AccountCreateOptions
        {
            Type = "express",
            Country = "US",
            Email = "seller@example.com",
            Capabilities = new AccountCapabilitiesOptions
            {
                CardPayments = new AccountCapabilitiesCardPaymentsOptions { Requested = true },
                Transfers = new AccountCapabilitiesTransfersOptions { Requested = true },
            },
        });
        Emulator.SetAccountStatus(account.Id, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true);
        return account;
    }

    protected async Task<long> AvailableAsync(string? accountId = null)
    {
        var balance = await new BalanceService(Client).GetAsync(accountId is null ? null : As(accountId));
        return balance.Available.Where(b => b.Currency == "usd").Sum(b => b.Amount);
    }

    protected static async Task<StripeException> FailsAsync(Func<Task> call, HttpStatusCode status)
    {
        var error = await Should.ThrowAsync<StripeException>(call);
        error.HttpStatusCode.ShouldBe(status, error.Message);
        return error;
    }

    /// <summary>Waits for webhooks of the given type to arrive, verifying each with Stripe.net.</summary>
    protected async Task<List<Event>> DeliveredAsync(string type, int count = 1)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var events = Receiver.Received
                .Select(d => EventUtility.ConstructEvent(d.Payload, d.Signature, Endpoint.Secret))
                .Where(e => e.Type == type)
                .ToList();
            if (events.Count >= count)
            {
                return events;
            }

            await Task.Delay(20, timeout.Token);
        }
    }
}

using System.Net;
using System.Text.Json.Nodes;
using Mercato.StripeEmulator.Checkout;
using Mercato.StripeEmulator.Connect;
using Mercato.StripeEmulator.Http;
using Mercato.StripeEmulator.Payments;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mercato.StripeEmulator;

/// <summary>
/// A Stripe API emulator on a loopback port for tests: point Stripe.net's <c>StripeClient</c> at
/// <see cref="ApiBase"/> with <see cref="SecretKey"/>. The methods here are the test controls Stripe's dashboard
/// or a real buyer would otherwise provide; the same controls are served under <c>/_emulator/</c>.
/// </summary>
public sealed class StripeEmulator : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly EmulatorState state;
    private readonly WebhookDispatcher dispatcher;
    private readonly ApiRunner runner;

    private StripeEmulator(StripeEmulatorOptions options)
    {
        state = new EmulatorState(options);
        dispatcher = new WebhookDispatcher(options);
        runner = new ApiRunner(state, new IdempotencyKeys(options.TimeProvider), dispatcher);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        app = builder.Build();
        EmulatorRoutes.Map(app, runner, this);
    }

    public static async Task<StripeEmulator> StartAsync(StripeEmulatorOptions? options = null, CancellationToken cancellationToken = default)
    {
        var emulator = new StripeEmulator(options ?? new StripeEmulatorOptions());
        await emulator.app.StartAsync(cancellationToken);
        var address = emulator.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.state.BaseUri = new Uri(address.TrimEnd('/') + "/");
        return emulator;
    }

    /// <summary>The emulator's root, ending in a slash; hosted pages live under it.</summary>
    public Uri BaseUri => state.BaseUri;

    /// <summary>The value for Stripe.net's <c>ApiBase</c> and <c>ConnectBase</c> (no trailing slash).</summary>
    public string ApiBase => state.BaseUri.ToString().TrimEnd('/');

    public string SecretKey => state.Options.SecretKey;

    /// <summary>Adds an endpoint receiving the given event types (all when none are given) and returns its secret.</summary>
    public WebhookEndpoint AddWebhookEndpoint(Uri url, params string[] enabledEvents) =>
        Invoke(s => EventEndpoints.AddEndpoint(s, url, enabledEvents.Length == 0 ? ["*"] : enabledEvents));

    /// <summary>Delivers every event twice, each copy signed on its own.</summary>
    public bool DuplicateDeliveries { get => dispatcher.Duplicate; set => dispatcher.Duplicate = value; }

    /// <summary>Holds deliveries back until <see cref="ReleaseHeldDeliveries"/>, which sends them newest first.</summary>
    public bool HoldDeliveries { get => dispatcher.HoldForReordering; set => dispatcher.HoldForReordering = value; }

    public int ReleaseHeldDeliveries() => dispatcher.ReleaseHeld();

    public IReadOnlyList<WebhookDeliveryAttempt> DeliveryAttempts => dispatcher.Attempts;

    /// <summary>Waits until no delivery is queued, being sent or waiting for a retry.</summary>
    public async Task WaitForDeliveriesAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (dispatcher.Pending > 0)
        {
            await Task.Delay(20, cancel.Token);
        }
    }

    /// <summary>Every event emitted so far as JSON, oldest first.</summary>
    public IReadOnlyList<JsonObject> Events => Invoke(s => s.Events.Select(e => e.DeepClone().AsObject()).ToList());

    /// <summary>Switches a connected account as onboarding or Stripe's review would, emitting <c>account.updated</c>.</summary>
    public void SetAccountStatus(string accountId, bool? chargesEnabled = null, bool? payoutsEnabled = null, bool? detailsSubmitted = null) =>
        Invoke(s => Accounts.SetStatus(s, accountId, chargesEnabled, payoutsEnabled, detailsSubmitted));

    /// <summary>The buyer passes or fails 3-D Secure; returns the PaymentIntent's status afterwards.</summary>
    public string CompleteAuthentication(string paymentIntentId, bool passed = true) => Invoke(s =>
    {
        try
        {
            return (string)Authentication.Complete(s, paymentIntentId, passed)["status"]!;
        }
        catch (StripeError error) when (error.Status == 402)
        {
            return (string)s.Find(paymentIntentId)!["status"]!;
        }
    });

    /// <summary>Marks a pending payout paid (or failed, which returns its money to the balance).</summary>
    public void SettlePayout(string payoutId, bool paid = true) => Invoke(s => Payouts.Settle(s, payoutId, paid));

    /// <summary>Pays a Checkout Session as a buyer would on its page; returns the page's error message, if any.</summary>
    public string? PayCheckoutSession(string sessionId, string card = "4242424242424242", string? email = null) =>
        Invoke(s => CheckoutSessions.Pay(s, sessionId, card, email));

    private T Invoke<T>(Func<EmulatorState, T> action)
    {
        try
        {
            return runner.Control(action);
        }
        catch (StripeError error)
        {
            throw new InvalidOperationException(error.Message, error);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        await dispatcher.DisposeAsync();
    }
}

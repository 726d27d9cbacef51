using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Mercato.Server.Infrastructure;
using Mercato.Server.Tests.Infrastructure;
using Mercato.Server.Tests.Orders;
using Microsoft.Extensions.DependencyInjection;
using Stripe;

namespace Mercato.Server.Tests.Payments;

/// <summary>The three-seller <see cref="Shop"/> switched to Stripe: its own webhook endpoint at the emulator, its keys set, payouts without hold.</summary>
internal sealed class StripeShop : IAsyncDisposable
{
    private StripeShop(StripeFixture fixture, Shop shop, Mercato.StripeEmulator.WebhookEndpoint endpoint, string webhookSecret)
    {
        Fixture = fixture;
        Shop = shop;
        Endpoint = endpoint;
        WebhookSecret = webhookSecret;
        Stripe = new StripeClient(new StripeClientOptions { ApiKey = fixture.Emulator.SecretKey, ApiBase = fixture.Emulator.ApiBase, ConnectBase = fixture.Emulator.ApiBase });
    }

    public StripeFixture Fixture { get; }

    public Shop Shop { get; }

    public Mercato.StripeEmulator.WebhookEndpoint Endpoint { get; }

    public string WebhookSecret { get; }

    /// <summary>Stripe.net pointed at the emulator, for what a buyer's browser or the Stripe dashboard would do.</summary>
    public StripeClient Stripe { get; }

    public HttpClient Admin => Shop.Admin;

    public static async Task<StripeShop> OpenAsync(StripeFixture fixture)
    {
        var shop = await Shop.OpenAsync(fixture);
        var endpoint = fixture.Emulator.AddWebhookEndpoint(new Uri(fixture.RelayBase, $"{shop.T.Tenant.Hosts[0]}/webhook"));
        await (await shop.Admin.PutAsync("api/payments/stripe/settings", Shop.Json(new { secretKey = fixture.Emulator.SecretKey, webhookSecret = endpoint.Secret })))
            .JsonAsync(HttpStatusCode.OK);
        await (await shop.Admin.PutAsync("api/payments/settings", Shop.Json(new { provider = "stripe", payoutHoldDays = 0 }))).JsonAsync(HttpStatusCode.OK);
        return new StripeShop(fixture, shop, endpoint, endpoint.Secret);
    }

    /// <summary>Creates the seller's Express account and finishes its onboarding at the emulator; waits for account.updated to arrive.</summary>
    public async Task<string> OnboardAsync(long sellerId)
    {
        var account = await (await Admin.PostAsync($"api/sellers/{sellerId}/stripe/account", null)).JsonAsync(HttpStatusCode.Created);
        var id = (string)account["accountId"]!;
        ((bool)account["chargesEnabled"]!).ShouldBeFalse();
        Fixture.Emulator.SetAccountStatus(id, chargesEnabled: true, payoutsEnabled: true, detailsSubmitted: true);
        await WaitForAsync(async () => (bool?)(await Admin.GetFromJsonAsync<JsonObject>($"api/sellers/{sellerId}/payments"))!["account"]?["chargesEnabled"] == true,
            $"account.updated of {id}");
        return id;
    }

    public async Task<JsonObject> OrderAsync(long orderId) => (await Admin.GetFromJsonAsync<JsonObject>($"api/orders/{orderId}"))!;

    /// <summary>Waits until the webhooks sent so far were answered and the order is in <paramref name="state"/>.</summary>
    public async Task<JsonObject> WaitForStateAsync(long orderId, string state)
    {
        JsonObject order = null!;
        await WaitForAsync(async () => (string)(order = await OrderAsync(orderId))["state"]! == state, $"order {orderId} {state}");
        return order;
    }

    /// <summary>Waits until every delivery was answered and every stored event of this marketplace was processed.</summary>
    public async Task SettleAsync()
    {
        await Fixture.Emulator.WaitForDeliveriesAsync(TimeSpan.FromSeconds(30));
        var database = Fixture.Services.GetRequiredService<Database>();
        await WaitForAsync(async () =>
        {
            await using var connection = await database.OpenAsync();
            return await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM stripe_events WHERE tenant_id = @Id AND processed_at IS NULL", new { Shop.T.Tenant.Id }) == 0;
        }, "events processed");
    }

    public static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"waited 30 s for {what}");
            }

            await Task.Delay(100);
        }
    }

    public async Task<long> ScalarAsync(string sql)
    {
        var database = Fixture.Services.GetRequiredService<Database>();
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql, new { tenantId = Shop.T.Tenant.Id });
    }

    public async ValueTask DisposeAsync()
    {
        // Every endpoint receives every event of the emulator: this marketplace's stops listening.
        await new WebhookEndpointService(Stripe).DeleteAsync(Endpoint.Id);
        Shop.Dispose();
    }
}

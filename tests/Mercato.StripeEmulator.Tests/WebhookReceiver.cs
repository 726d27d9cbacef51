using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mercato.StripeEmulator.Tests;

/// <summary>A loopback endpoint that records the webhooks it receives and can refuse the first few.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication app;
    private int refusals;

    private WebhookReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        app = builder.Build();
        app.MapPost("/webhook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var payload = await reader.ReadToEndAsync();
            if (Interlocked.Decrement(ref refusals) >= 0)
            {
                Refused.Enqueue(payload);
                return Results.StatusCode(500);
            }

            Received.Enqueue(new Delivery(payload, request.Headers["Stripe-Signature"].ToString()));
            return Results.Ok();
        });
    }

    public sealed record Delivery(string Payload, string Signature);

    public ConcurrentQueue<Delivery> Received { get; } = new();

    public ConcurrentQueue<string> Refused { get; } = new();

    public Uri Url { get; private set; } = null!;

    /// <summary>Answers 500 to the next <paramref name="count"/> deliveries.</summary>
    public void Refuse(int count) => Volatile.Write(ref refusals, count);

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        await receiver.app.StartAsync();
        var address = receiver.app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        receiver.Url = new Uri(address.TrimEnd('/') + "/webhook");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

using System.Net;
using System.Net.Http.Headers;
using Mercato.Server.Tests.Infrastructure;
using Mercato.StripeEmulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mercato.Server.Tests.Payments;

/// <summary>
/// A test server whose Stripe is our emulator on a loopback port. The emulator delivers webhooks over real HTTP, the
/// test server is in memory, so a small loopback relay passes each delivery on to the marketplace named in its path.
/// </summary>
public abstract class StripeFixture(TestEngine engine) : ServerFixture(engine)
{
    private WebApplication? _relay;

    internal Mercato.StripeEmulator.StripeEmulator Emulator { get; private set; } = null!;

    internal Uri RelayBase { get; private set; } = null!;

    protected override async Task BeforeStartAsync()
    {
        Emulator = await Mercato.StripeEmulator.StripeEmulator.StartAsync(new StripeEmulatorOptions { ApiVersion = Stripe.StripeConfiguration.ApiVersion });
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        _relay = builder.Build();
        _relay.MapPost("/{host}/webhook", async (string host, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            using var forward = new HttpRequestMessage(HttpMethod.Post, $"http://{host}/api/payments/stripe/webhook") { Content = new ByteArrayContent(body.ToArray()) };
            forward.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            forward.Headers.TryAddWithoutValidation("Stripe-Signature", request.Headers["Stripe-Signature"].ToString());
            using var server = Factory.CreateClient();
            using var response = await server.SendAsync(forward);
            return Results.Text(await response.Content.ReadAsStringAsync(), "application/json", statusCode: (int)response.StatusCode);
        });
        await _relay.StartAsync();
        var address = _relay.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        RelayBase = new Uri(address.TrimEnd('/') + "/");
    }

    protected override void Configure(IWebHostBuilder builder)
    {
        builder.UseSetting("Mercato:Payments:StripeApiBase", Emulator.ApiBase);
        builder.UseSetting("Mercato:Jobs:PollInterval", "00:00:00.200");
        builder.UseSetting("Mercato:Outbound:AllowLoopback", "true");
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }

        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }
    }
}

public sealed class StripeSqliteFixture() : StripeFixture(TestEngine.Sqlite);

public sealed class StripePostgresFixture() : StripeFixture(TestEngine.Postgres);

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mercato.Server.Orders;

namespace Mercato.Bench.Checkout;

/// <summary>One HTTP call of a buyer: which step, its status and its round trip.</summary>
internal sealed record CallSample(string Step, int Status, double Ms);

/// <summary>
/// Guest buyers on one HTTP client, each with its own cart token (the first add answers it; later calls send it as
/// <c>X-Cart-Token</c>). Every checkout carries a new <c>Idempotency-Key</c>, as an API client's should.
/// </summary>
internal sealed class CheckoutBuyers(HttpClient http, int count)
{
    public const string Add = "add";
    public const string Checkout = "checkout";
    public const string Remove = "remove";

    private readonly string?[] _tokens = new string?[count];

    public int Count => count;

    /// <summary>Adds one unit of <paramref name="listingId"/> to buyer <paramref name="buyer"/>'s cart.</summary>
    public async Task<CallSample> AddAsync(int buyer, long listingId)
    {
        using var request = Request(buyer, HttpMethod.Post, "/api/cart/lines", JsonContent.Create(new { listingId, quantity = 1 }));
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.OK && _tokens[buyer] is null)
        {
            _tokens[buyer] = (string?)(await response.Content.ReadFromJsonAsync<JsonObject>())?["cartToken"];
        }
        else
        {
            await response.Content.LoadIntoBufferAsync();
        }

        return new CallSample(Add, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public async Task<(CallSample Sample, long Orders)> CheckoutAsync(int buyer)
    {
        using var request = Request(buyer, HttpMethod.Post, "/api/checkout", JsonContent.Create(new { email = $"buyer{buyer}@bench.example", country = "US" }));
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var orders = response.StatusCode == HttpStatusCode.Created ? JsonNode.Parse(body)?["orders"]?.AsArray().Count ?? 0 : 0;
        return (new CallSample(Checkout, (int)response.StatusCode, ms), orders);
    }

    public async Task<CallSample> RemoveAsync(int buyer, long listingId)
    {
        using var request = Request(buyer, HttpMethod.Delete, $"/api/cart/lines/{listingId}", null);
        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return new CallSample(Remove, (int)response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private HttpRequestMessage Request(int buyer, HttpMethod method, string path, HttpContent? content)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (_tokens[buyer] is { } token)
        {
            request.Headers.Add(Buyer.Header, token);
        }

        return request;
    }
}

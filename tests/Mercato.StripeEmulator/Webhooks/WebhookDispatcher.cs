using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Mercato.StripeEmulator;

/// <summary>
/// Delivers events like Stripe: a signed POST per endpoint, a fresh signature on every attempt, retries after a
/// non-2xx answer or a failed connection. Tests can switch on duplicate delivery and hold events back to release
/// them newest first (out of order).
/// </summary>
internal sealed class WebhookDispatcher : IAsyncDisposable
{
    private readonly StripeEmulatorOptions options;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Channel<Delivery> queue = Channel.CreateUnbounded<Delivery>();
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<WebhookDeliveryAttempt> attempts = new();
    private readonly List<Delivery> held = [];
    private readonly Task worker;
    private int inFlight;

    public WebhookDispatcher(StripeEmulatorOptions options)
    {
        this.options = options;
        worker = Task.Run(DeliverAllAsync);
    }

    private sealed record Delivery(WebhookEndpoint Endpoint, string EventId, string Type, string Payload, int Attempt);

    public volatile bool Duplicate;

    public volatile bool HoldForReordering;

    public IReadOnlyList<WebhookDeliveryAttempt> Attempts => attempts.ToArray();

    /// <summary>Deliveries queued, waiting for a retry or being sent (not those held back).</summary>
    public int Pending => Volatile.Read(ref inFlight);

    public void Publish(IReadOnlyList<JsonObject> events, IReadOnlyList<WebhookEndpoint> endpoints)
    {
        foreach (var evt in events)
        {
            var type = (string)evt["type"]!;
            var payload = evt.ToJsonString();
            foreach (var endpoint in endpoints.Where(e => e.Accepts(type)))
            {
                var delivery = new Delivery(endpoint, (string)evt["id"]!, type, payload, 1);
                for (var copies = Duplicate ? 2 : 1; copies > 0; copies--)
                {
                    if (HoldForReordering)
                    {
                        lock (held)
                        {
                            held.Add(delivery);
                        }
                    }
                    else
                    {
                        Interlocked.Increment(ref inFlight);
                        queue.Writer.TryWrite(delivery);
                    }
                }
            }
        }
    }

    /// <summary>Sends the held events, the newest first.</summary>
    public int ReleaseHeld()
    {
        Delivery[] released;
        lock (held)
        {
            released = held.AsEnumerable().Reverse().ToArray();
            held.Clear();
        }

        foreach (var delivery in released)
        {
            Interlocked.Increment(ref inFlight);
            queue.Writer.TryWrite(delivery);
        }

        return released.Length;
    }

    private async Task DeliverAllAsync()
    {
        try
        {
            await foreach (var delivery in queue.Reader.ReadAllAsync(stopping.Token))
            {
                await DeliverAsync(delivery);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task DeliverAsync(Delivery delivery)
    {
        var signature = WebhookSigner.Sign(delivery.Payload, delivery.Endpoint.Secret, options.TimeProvider.GetUtcNow().ToUnixTimeSeconds());
        int? status = null;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Endpoint.Url)
            {
                Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/json"),
            };
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
            request.Headers.UserAgent.Add(new ProductInfoHeaderValue("Stripe", "1.0"));
            using var response = await http.SendAsync(request, stopping.Token);
            status = (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
        }
        catch (TaskCanceledException) when (!stopping.IsCancellationRequested)
        {
            // The endpoint took longer than the timeout: a failed attempt, retried like a 5xx.
        }

        var attempt = new WebhookDeliveryAttempt(delivery.EventId, delivery.Type, delivery.Endpoint.Url, delivery.Attempt, status, signature, delivery.Payload);
        attempts.Enqueue(attempt);
        if (attempt.Succeeded || delivery.Attempt > options.WebhookRetryDelays.Count)
        {
            Interlocked.Decrement(ref inFlight);
            return;
        }

        _ = RetryLaterAsync(delivery with { Attempt = delivery.Attempt + 1 }, options.WebhookRetryDelays[delivery.Attempt - 1]);
    }

    private async Task RetryLaterAsync(Delivery delivery, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, options.TimeProvider, stopping.Token);
            queue.Writer.TryWrite(delivery);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        queue.Writer.TryComplete();
        await worker;
        http.Dispose();
        stopping.Dispose();
    }
}

using System.Globalization;
using Mercato.Server.Infrastructure.Outbound;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Feeds;

/// <summary>
/// Downloads a seller's feed URL through the shared outbound client (only http and https, only globally routable
/// addresses, checked on every redirect and every connection). The body is bounded too: an overall deadline, a
/// minimum transfer rate over a sliding window, and the upload size limit.
/// </summary>
internal sealed class FeedFetcher(IHttpClientFactory clients, IOptions<FeedsOptions> options, TimeProvider time)
{
    public const string ClientName = "feeds";

    /// <summary>Samples per rate window: the rate is judged over the last window, moved forward a tenth at a time.</summary>
    private const int Samples = 10;

    public static string? CheckUrl(string? url, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var parsed))
        {
            return "must be an absolute http or https URL";
        }

        if (parsed.Scheme is not ("http" or "https"))
        {
            return $"scheme '{parsed.Scheme}' is not allowed; use http or https";
        }

        if (!string.IsNullOrEmpty(parsed.UserInfo))
        {
            return "must not carry a user name or password";
        }

        uri = parsed;
        return null;
    }

    /// <summary>Fetches <paramref name="uri"/> into <paramref name="destination"/>; any failure throws with a reason fit for the seller.</summary>
    public async Task FetchAsync(Uri uri, string destination, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var deadline = TimeSpan.FromSeconds(settings.FetchDeadlineSeconds);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(deadline);
        long received = 0;
        string? tooSlow = null;
        var window = TimeSpan.FromSeconds(settings.MinFetchRateWindowSeconds);
        try
        {
            var client = clients.CreateClient(ClientName);
            client.Timeout = Timeout.InfiniteTimeSpan; // the resilience pipeline times the headers; the deadline and rate check time the body
            using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, stop.Token);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            if (response.Content.Headers.ContentLength > settings.MaxUploadBytes)
            {
                throw new InvalidDataException($"the file is larger than the {settings.MaxUploadBytes:N0} bytes allowed");
            }

            await using var input = await response.Content.ReadAsStreamAsync(stop.Token);

            // The rate is the body's: the resilience pipeline's timeouts already bound the wait for the headers.
            var history = new long[Samples]; // history[t % Samples] = bytes received by tick t
            var tick = 0;
            await using var monitor = time.CreateTimer(_ =>
            {
                var total = Interlocked.Read(ref received);
                var slot = ++tick % Samples;
                var oldest = history[slot];
                history[slot] = total;
                if (tick >= Samples && total - oldest < (long)settings.MinFetchBytesPerSecond * settings.MinFetchRateWindowSeconds)
                {
                    tooSlow = string.Create(CultureInfo.InvariantCulture,
                        $"the server sent {total - oldest:N0} bytes in the last {window.TotalSeconds:N0} s, below the minimum of {settings.MinFetchBytesPerSecond:N0} bytes/s");
                    stop.Cancel();
                }
            }, null, window / Samples, window / Samples);
            await CopyLimitedAsync(input, destination, settings.MaxUploadBytes, stop.Token, n => Interlocked.Add(ref received, n));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException(Volatile.Read(ref tooSlow) ?? $"the fetch did not finish within its deadline of {deadline.TotalSeconds:N0} s");
        }
    }

    /// <summary>Copies to a file, stopping with an error past <paramref name="limit"/> bytes; returns the bytes written.</summary>
    public static async Task<long> CopyLimitedAsync(Stream input, string destination, long limit, CancellationToken cancellationToken, Action<int>? progress = null)
    {
        await using var output = new FileStream(destination, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            progress?.Invoke(read);
            if (total > limit)
            {
                throw new InvalidDataException($"the file is larger than the {limit:N0} bytes allowed");
            }

            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }

        return total;
    }

    /// <summary>What to tell the seller about a failed fetch: the policy's refusal when there was one, else the innermost useful message.</summary>
    public static string Reason(Exception exception) =>
        OutboundRefusedException.Find(exception)?.Message ?? exception.Message;
}

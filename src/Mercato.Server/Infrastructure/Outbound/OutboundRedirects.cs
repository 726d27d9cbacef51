using System.Net;

namespace Mercato.Server.Infrastructure.Outbound;

/// <summary>
/// Follows redirects itself (the primary handler does not), so every hop is checked: only http and https, at most
/// <see cref="OutboundOptions.MaxRedirects"/>, and each new connection goes through the address check again.
/// Credentials are not carried to another host.
/// </summary>
internal sealed class OutboundRedirects(int maxRedirects) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        CheckScheme(request.RequestUri!, "request to");
        var response = await base.SendAsync(request, cancellationToken);
        for (var hops = 0; IsRedirect(response.StatusCode) && response.Headers.Location is { } location; hops++)
        {
            var target = location.IsAbsoluteUri ? location : new Uri(request.RequestUri!, location);
            if (hops == maxRedirects)
            {
                response.Dispose();
                throw new OutboundRefusedException($"more than {maxRedirects} redirects (the last to {target})");
            }

            CheckScheme(target, "redirect to");
            var next = new HttpRequestMessage(KeepsMethod(response.StatusCode, request.Method) ? request.Method : HttpMethod.Get, target)
            {
                Version = request.Version,
                VersionPolicy = request.VersionPolicy,
            };
            if (next.Method == request.Method && request.Content is not null)
            {
                next.Content = request.Content;
            }

            foreach (var header in request.Headers)
            {
                if (header.Key != "Authorization" || target.IdnHost == request.RequestUri!.IdnHost)
                {
                    next.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            response.Dispose();
            request = next;
            response = await base.SendAsync(request, cancellationToken);
        }

        return response;
    }

    private static void CheckScheme(Uri uri, string what)
    {
        if (uri.Scheme is not ("http" or "https"))
        {
            throw new OutboundRefusedException($"{what} '{uri}' refused: only http and https are fetched");
        }
    }

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
        or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static bool KeepsMethod(HttpStatusCode status, HttpMethod method) =>
        status is HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect || (status != HttpStatusCode.SeeOther && method == HttpMethod.Head);
}

namespace Mercato.Server.Tests.Accounts;

/// <summary>A client that keeps cookies where the test can read them, to replay a session cookie as a thief would.</summary>
internal sealed class CookieJar(HttpClient http) : IDisposable
{
    public Dictionary<string, string> Cookies { get; } = [];

    public async Task<string> GetStringAsync(string url) => await (await SendAsync(new HttpRequestMessage(HttpMethod.Get, url))).Content.ReadAsStringAsync();

    public Task<HttpResponseMessage> PostAsync(string url, HttpContent content) => SendAsync(new HttpRequestMessage(HttpMethod.Post, url) { Content = content });

    /// <summary>A request carrying only the given session cookie, from outside this jar.</summary>
    public Task<HttpResponseMessage> ReplayAsync(string url, string session)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", $"mercato.session={session}");
        return http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        var response = await http.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var pair in setCookies.Select(c => c.Split(';')[0].Split('=', 2)))
            {
                if (pair[1].Length == 0)
                {
                    Cookies.Remove(pair[0]);
                }
                else
                {
                    Cookies[pair[0]] = pair[1];
                }
            }
        }

        return response;
    }

    public void Dispose() => http.Dispose();
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Mercato.Server.Accounts;

namespace Mercato.Server.Orders;

/// <summary>
/// Who is buying: a signed-in user, or a guest known by the cart token (a cookie for browsers, the
/// <c>X-Cart-Token</c> header for API clients). Only the token's hash is stored.
/// </summary>
internal sealed record Buyer(long? UserId, string? TokenHash)
{
    public const string Cookie = "mercato_cart";
    public const string Header = "X-Cart-Token";

    public bool IsKnown => UserId is not null || TokenHash is not null;

    /// <summary>The caller's name in idempotency keys and logs.</summary>
    public string Scope => UserId is { } id ? "user:" + id.ToString(CultureInfo.InvariantCulture) : "guest:" + TokenHash;

    public static Buyer From(HttpContext context, Caller caller)
    {
        var token = Token(context);
        return new Buyer(caller.UserId, token is null ? null : Hash(token));
    }

    public static string? Token(HttpContext context)
    {
        var token = context.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(token))
        {
            token = context.Request.Cookies[Cookie];
        }

        return token is { Length: >= 16 and <= 128 } ? token : null;
    }

    /// <summary>A new guest token, set as a cookie; API clients read it from the response and send it as the header.</summary>
    public static string Issue(HttpContext context)
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
        context.Response.Cookies.Append(Cookie, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            MaxAge = TimeSpan.FromDays(30),
            IsEssential = true,
        });
        return token;
    }

    public static string Hash(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>True when this buyer placed an order with these buyer columns.</summary>
    public bool Owns(long? buyerUserId, string? buyerTokenHash) =>
        (UserId is not null && UserId == buyerUserId) || (TokenHash is not null && TokenHash == buyerTokenHash);
}

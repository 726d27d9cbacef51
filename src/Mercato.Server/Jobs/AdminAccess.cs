using System.Security.Cryptography;
using System.Text;
using Mercato.Server.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Jobs;

/// <summary>
/// The platform administrator only (jobs span every tenant): the admin token as <c>Authorization: Bearer …</c> on the
/// API, or the admin cookie the page's sign-in form sets from the same token.
/// </summary>
internal static class AdminAccess
{
    public const string CookieName = "mercato_admin";

    public static ProblemHttpResult? Check(HttpContext context)
    {
        var token = context.RequestServices.GetRequiredService<AdminToken>().Value;
        if (string.IsNullOrEmpty(token))
        {
            return TypedResults.Problem(
                title: "Admin access is not configured",
                detail: "Set the admin token in the setting Mercato:Accounts:AdminToken (environment variable Mercato__Accounts__AdminToken), then send it as 'Authorization: Bearer <token>'.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        if (IsAuthorized(context, token))
        {
            return null;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(
            title: "Admin token required",
            detail: "Send the platform admin token (Mercato:Accounts:AdminToken, or the data folder's admin-token file) as 'Authorization: Bearer <token>'.",
            statusCode: StatusCodes.Status401Unauthorized);
    }

    public static bool IsAuthorized(HttpContext context, string token)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Same(header["Bearer ".Length..].Trim(), token))
        {
            return true;
        }

        return context.Request.Cookies.TryGetValue(CookieName, out var cookie) && Same(cookie, CookieValue(token));
    }

    /// <summary>What the sign-in form stores in the cookie: derived from the token, so the cookie never holds it.</summary>
    public static string CookieValue(string token) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), "mercato admin cookie v1"u8));

    private static bool Same(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));

    public static RouteGroupBuilder RequireAdmin(this RouteGroupBuilder group) =>
        group.AddEndpointFilter(async (invocation, next) => Check(invocation.HttpContext) is { } problem ? problem : await next(invocation));
}

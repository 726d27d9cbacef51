using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Mercato.Server.Jobs;

/// <summary>
/// The operator's admin token (<c>Mercato:Admin:Token</c>). It guards the job admin API and page until accounts
/// and roles exist; without a token configured the admin routes are closed.
/// </summary>
internal sealed class AdminOptions
{
    public const string Section = "Mercato:Admin";

    [MinLength(16, ErrorMessage = "Mercato:Admin:Token must be at least 16 characters")]
    public string? Token { get; set; }
}

/// <summary>Checks <c>Authorization: Bearer &lt;token&gt;</c> (API) or the admin cookie set by the page's sign-in form.</summary>
internal static class AdminAccess
{
    public const string CookieName = "mercato_admin";

    public static ProblemHttpResult? Check(HttpContext context)
    {
        var token = context.RequestServices.GetRequiredService<IOptions<AdminOptions>>().Value.Token;
        if (string.IsNullOrEmpty(token))
        {
            return TypedResults.Problem(
                title: "Admin access is not configured",
                detail: "Set an admin token of at least 16 characters in the setting Mercato:Admin:Token (environment variable Mercato__Admin__Token), then send it as 'Authorization: Bearer <token>'.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        if (IsAuthorized(context, token))
        {
            return null;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(
            title: "Admin token required",
            detail: "Send the admin token configured in Mercato:Admin:Token as 'Authorization: Bearer <token>'.",
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

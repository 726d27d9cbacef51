using System.Security.Cryptography;
using System.Text;
using Mercato.Server.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Mercato.Server.Accounts;

/// <summary>
/// The platform administrator: the admin token as <c>Authorization: Bearer …</c>, or the admin cookie that the jobs page's
/// sign-in form sets from the same token. Jobs span every tenant, so the jobs API and page admit only this caller; Jobs
/// asks through <see cref="IJobsAdminGate"/> because it depends on no feature.
/// </summary>
internal sealed class PlatformAdminAccess(AdminToken adminToken) : IJobsAdminGate
{
    public const string CookieName = "mercato_admin";

    public bool IsConfigured => !string.IsNullOrEmpty(adminToken.Value);

    public ProblemHttpResult? Check(HttpContext context)
    {
        if (!IsConfigured)
        {
            return TypedResults.Problem(
                title: "Admin access is not configured",
                detail: "Set the admin token in the setting Mercato:Accounts:AdminToken (environment variable Mercato__Accounts__AdminToken), then send it as 'Authorization: Bearer <token>'.",
                statusCode: StatusCodes.Status403Forbidden);
        }

        if (IsAuthorized(context))
        {
            return null;
        }

        context.Response.Headers.WWWAuthenticate = "Bearer";
        return TypedResults.Problem(
            title: "Admin token required",
            detail: "Send the platform admin token (Mercato:Accounts:AdminToken, or the data folder's admin-token file) as 'Authorization: Bearer <token>'.",
            statusCode: StatusCodes.Status401Unauthorized);
    }

    public bool IsAuthorized(HttpContext context)
    {
        if (adminToken.Value is not { Length: > 0 } token)
        {
            return false;
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && Same(header["Bearer ".Length..].Trim(), token))
        {
            return true;
        }

        return context.Request.Cookies.TryGetValue(CookieName, out var cookie) && Same(cookie, CookieValue(token));
    }

    public bool SignIn(HttpContext context, string? given)
    {
        if (adminToken.Value is not { Length: > 0 } token || given is not { Length: > 0 } || !Same(given, token))
        {
            return false;
        }

        context.Response.Cookies.Append(CookieName, CookieValue(token), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/admin",
        });
        return true;
    }

    /// <summary>What the sign-in form stores in the cookie: derived from the token, so the cookie never holds it.</summary>
    private static string CookieValue(string token) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), "mercato admin cookie v1"u8));

    private static bool Same(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}

/// <summary>Write endpoints of lower features that only a marketplace's administrators (or the platform's) may call.</summary>
internal static class AdministratorsOnly
{
    public static RouteHandlerBuilder RequireAdministrator(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (invocation, next) =>
        {
            var caller = Caller.From(invocation.HttpContext);
            return caller.IsAdmin ? await next(invocation) : caller.IsAuthenticated ? Access.AdminOnly() : Access.Unauthenticated();
        });
}
